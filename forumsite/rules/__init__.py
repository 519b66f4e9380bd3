"""The Party's rules as pure functions (no Flask, no database): shared/reference/rules.md and
organization.md turned into code, each with a table of tests."""
