from django.shortcuts import render

from technopark.core.permissions import declare, rules

from .models import Role


@declare(rules.role(Role.GUARDIAN))
def children(request):
    return render(request, "accounts/children.html",
                  {"children": request.user.children.filter(anonymised_at=None)})


@declare(rules.authenticated)
def profile(request):
    return render(request, "accounts/profile.html")


@declare(rules.anonymous)
def signup(request):
    return render(request, "accounts/signup.html")
