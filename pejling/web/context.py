"""What every template may need to know about its reader."""


def audience(request):
    """`public`: whether the reader sees what the public sees (never a count below 5 nor what could
    reveal one). A page about a strategy sets it itself (`access.reads_as_public`): a user signed in with
    another municipality is the public there. Without a strategy, anyone not signed in."""
    return {"public": not request.user.is_authenticated}
