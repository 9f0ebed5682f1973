"""Evidence files in the app: the attachments panel (editor, entity window) and the image
viewer. Content is decrypted into memory only; images are shown from a copy the child
process re-encoded; other files leave only through "Export a decrypted copy…" (audited)."""
