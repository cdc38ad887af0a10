"""Demo logins, one per role (password shared, printed by `make run`)."""

DEMO_PASSWORD = "technopark-demo"

DEMO_USERS = [
    # role label, e-mail
    ("администратор", "admin@technopark.local"),
    ("методист", "metodist@technopark.local"),
    ("педагог", "pedagog@technopark.local"),
    ("обучающийся", "uchenik@technopark.local"),
    ("родитель", "roditel@technopark.local"),
    ("член жюри", "zhyuri@technopark.local"),
    ("партнёр", "partner@technopark.local"),
]


def demo_logins() -> list[tuple[str, str]]:
    return list(DEMO_USERS)
