"""The interchange format: reports with their entities as FollowTheMoney entities, exported and
imported all or nothing."""
