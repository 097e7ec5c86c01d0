import { z } from "zod";
import { lookupByAlias } from "./lookup.js";

export const ROLES = ["commander", "tech-lead", "comms-lead", "legal"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const SLOTS = ["primary", "backup"] as const;
export const Slot = z.enum(SLOTS);
export type Slot = z.infer<typeof Slot>;

export interface RoleInfo {
  key: Role;
  label: string;
  duty: string;
  aliases: string[];
}

export const ROLE_INFO: Record<Role, RoleInfo> = {
  commander: {
    key: "commander",
    label: "Incident commander",
    duty: "Owns the response: decisions, priorities, escalation",
    aliases: ["ic", "incident-commander", "lead"],
  },
  "tech-lead": {
    key: "tech-lead",
    label: "Technical lead",
    duty: "Runs containment, investigation and the fix",
    aliases: ["tech", "technical", "technical-lead", "tl"],
  },
  "comms-lead": {
    key: "comms-lead",
    label: "Communications lead",
    duty: "Keeps stakeholders, users and vendors informed",
    aliases: ["comms", "communications", "communications-lead", "cl"],
  },
  legal: {
    key: "legal",
    label: "Legal advisor",
    duty: "Regulatory duties, notification deadlines, privilege",
    aliases: ["legal-advisor", "counsel", "legal-counsel"],
  },
};

export function parseRole(token: string): Role | undefined {
  return lookupByAlias(ROLE_INFO, token);
}
