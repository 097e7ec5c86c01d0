import type { WriteupField } from "../store/schema.js";

/** The write-up fields as the report heads them and commands name them back to people. */
export const WRITEUP_LABELS: Record<WriteupField, string> = {
  "root-cause": "Root cause",
  "contributing-factors": "Contributing factors",
  "detection-gap": "Detection gap",
  impact: "Impact",
  "lessons-learned": "Lessons learned",
};
