from . import navigation as menu


def navigation(request):
    return {"nav_items": menu.for_user(request.user)}
