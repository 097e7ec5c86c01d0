import type { ChatFile, PostedFile, SpaceRef } from "../../src/chat/port.js";
import { RecordingChat } from "../timers/harness.js";

/** A recording chat that also takes documents, as Slack and the shell do. */
export class DocumentChat extends RecordingChat {
  readonly filesAs = "upload" as const;
  readonly files: { space: SpaceRef; file: ChatFile }[] = [];

  async postFile(space: SpaceRef, file: ChatFile): Promise<PostedFile> {
    this.files.push({ space, file });
    return { fileId: `F${this.files.length}` };
  }
}
