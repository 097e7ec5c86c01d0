import { ShellChat } from "../adapters/shell/shell-chat.js";
import { chatPortContract } from "./support/chat-port-contract.js";

chatPortContract("shell", async () => {
  const lines: string[] = [];
  const port = new ShellChat((l) => lines.push(l));
  return {
    port,
    knownPerson: { handle: "alice" },
    showsButtons: false,
    rendered: async (ref) => {
      // The shell prints what it shows; `show` prints the channel as it stands now.
      const before = lines.length;
      port.show({ platform: "shell", id: ref.spaceId, name: "" });
      return lines.slice(before).join("\n");
    },
  };
});
