// LoopbackServer: filled in by its issue.

