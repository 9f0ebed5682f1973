"""File ▸ Import an interchange file: reports, entities and their attachments from another
SIRAT (or an FtM tool), all or nothing."""
