"""The read side that services and queries share, below both of them.

Loading a dossier or a task *for an actor* (NotFound when the actor may not see it), the
facts the permission rules need, and the SQL forms of the domain's state rules. Services
(write side) and queries (read side) both import this package; it imports neither, so the
two cannot drift into answering "may this officer open this task?" in two ways.
"""
