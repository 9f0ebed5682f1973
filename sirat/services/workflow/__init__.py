"""The review life cycle: submit, approve (signed approvals), return, comments, the supervisors'
queue, hand-over of stranded drafts."""
