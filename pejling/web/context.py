"""What every template may need to know about its reader."""


def audience(request):
    """`public`: an anonymous reader, who never sees a count below 5 nor what could reveal one."""
    return {"public": not request.user.is_authenticated}
