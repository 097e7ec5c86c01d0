import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintRuleContext, SecretLintRuleReportHandler, SecretLintSourceCode } from "@secretlint/types";

/** One secret secretlint found: which rule, which of its messages, and where (string indices). */
export interface SecretlintFinding {
  ruleId: string;
  messageId: string;
  start: number;
  end: number;
}

/**
 * How Firebreak configures the recommended preset. The same table feeds `lintSource` in the
 * parity test (test/security/secretlint-parity.test.ts), so both runs mean the same thing.
 */
export const RULE_SETTINGS: Record<string, { options?: object; allowMessageIds?: string[]; disabled?: boolean }> = {
  // Bare access key ids (AKIA…) are only reported with this option. Account ids are not
  // secrets (AWS says so) and responders need them in notes, so they stay.
  "@secretlint/secretlint-rule-aws": { options: { enableIDScanRule: true }, allowMessageIds: ["AWSAccountID"] },
  // `secretlint-disable` comments would let any pasted text switch detection off.
  "@secretlint/secretlint-rule-filter-comments": { disabled: true },
};

/**
 * Runs secretlint's recommended rules synchronously, through the rule interface of
 * @secretlint/types, without @secretlint/core. Two reasons: v11's core marks every call in a
 * process-wide performance profiler that is never emptied (memory grows and each call gets
 * slower over a long-running process; fixed upstream only in v13, which needs Node 22), and
 * the log hook needs an answer synchronously. Handlers are built once; a run is a few regexes.
 */
class RecommendedRules {
  private sink: SecretlintFinding[] = [];
  private readonly handlers: { ruleId: string; allow: Set<string>; handler: SecretLintRuleReportHandler }[];

  constructor() {
    this.handlers = recommendedRules.flatMap((rule) => {
      const ruleId = rule.meta.id;
      const settings = RULE_SETTINGS[ruleId] ?? {};
      if (settings.disabled) return [];
      const allow = new Set(settings.allowMessageIds ?? []);
      const context: SecretLintRuleContext = {
        sharedOptions: {},
        // The rules' own messages quote the secret; Firebreak never builds them.
        createTranslator: () => ((messageId: string) => ({ message: "", messageId, data: undefined })) as never,
        report: (d) => this.sink.push({ ruleId, messageId: d.message.messageId, start: d.range[0], end: d.range[1] }),
        ignore: () => {},
      };
      return [{ ruleId, allow, handler: rule.create(context, (settings.options ?? {}) as never) }];
    });
  }

  scan(text: string): SecretlintFinding[] {
    const found: SecretlintFinding[] = [];
    const source = sourceOf(text);
    for (const { allow, handler } of this.handlers) {
      this.sink = [];
      const pending = handler.file?.(source);
      // Only file-based checks (a .p12 or .json path) are asynchronous; text has no path.
      if (pending instanceof Promise) pending.catch(() => {});
      found.push(...this.sink.filter((f) => !allow.has(f.messageId)));
    }
    this.sink = [];
    return found;
  }
}

function sourceOf(content: string): SecretLintSourceCode {
  const unsupported = () => {
    throw new Error("Firebreak's secretlint runner has no source positions");
  };
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: "text",
    ext: "",
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    locationToRange: unsupported,
    rangeToLocation: unsupported,
    positionToIndex: unsupported,
    indexToPosition: unsupported,
  };
}

let instance: RecommendedRules | undefined;

/** Every secret the recommended preset reports in `text`. */
export function scanWithSecretlint(text: string): SecretlintFinding[] {
  instance ??= new RecommendedRules();
  return instance.scan(text);
}
