"""Evidence files of reports and entities: encrypted content in the vault folder, thumbnails
from a child process, export of a decrypted copy."""
