"""The timeline view (Qt): ``TimelineWindow`` around a painted ``TimelineCanvas``."""
