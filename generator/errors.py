"""The one exception type a user can cause, and how the CLI reports it."""


class UserError(Exception):
    """Bad input from a user: a file, a field or a flag, and what is wrong with it.

    The CLI prints ``str(error)`` on one line and exits with status 2; no traceback.
    Messages name the thing first: ``"config.lr: must be > 0, got -1"``.
    """

    exit_status = 2
