"""The review workflow in the app: the supervisors' queue, a report's review window (status,
actions, comment thread, version history with side-by-side comparison) and the audit viewer
for administrators. Wired into the main window by ``actions.register``."""
