"""The staff's pages of one course in the Wagtail admin, one module per job.

`enrolments` (the list, its filters and exports, decisions), `invitations` (participant lists),
`attendance` (registers and the meeting tool's CSV) and `report`. Their frame, `CourseView`, lives
in `courses.admin_views` with the helpers the plug-ins share.
"""
