"""Trip files: TOML reading (decode) and writing (encode), their file sections, storage, locks, comments, sessions."""
