"""E-mail: the user's mail settings and passwords, sending invites (SMTP) and reading replies (IMAP, files)."""
