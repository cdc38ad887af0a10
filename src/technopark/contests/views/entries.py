"""Authors' pages: "submit a work" (phone-friendly, files, co-authors, a pupil author with the
guardian's consent), "my works", one work (edit until the deadline, files, withdraw) and the
diplomas of one's works."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from technopark.core.permissions import declare, rules

from ..forms import AuthorFormSet, ChildAuthorForm, EntryFilesForm, EntryForm
from ..models import Contest, Diploma, Entry, EntryFile
from ..rules import can_manage_contest, can_see_entry
from ..selectors import my_entries
from ..services import entries as entry_services
from ._common import files_for, visible_contest
from .public import submission_state


def apply_errors(error: ValidationError, *forms_) -> None:
    """Put the service's messages next to the fields they concern, the rest on top."""
    form = forms_[0]
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, texts in error.message_dict.items():
        target = next((f for f in forms_ if key in f.fields), None)
        if target is None:
            form.add_error(None, texts)
        else:
            target.add_error(key, texts)


def _children(user):
    """Children the user may name as authors: their own, and pupils of their school."""
    from django.db.models import Q

    from technopark.accounts.models import ChildProfile

    if not user.is_authenticated:
        return ChildProfile.objects.none()
    condition = Q(guardian=user) | Q(account=user)
    if user.organisation_id and user.has_any_role("teacher", "methodist"):
        condition |= Q(school_id=user.organisation_id)
    return ChildProfile.objects.filter(condition, anonymised_at=None).order_by(
        "last_name", "first_name"
    )


def _authors(formset, child_form) -> list[dict]:
    people = []
    if child_form is not None:
        for child in child_form.cleaned_data.get("children") or ():
            people.append({"role": "author", "child": child.pk})
    for row in formset.cleaned_data:
        if row and row.get("full_name", "").strip():
            people.append({"full_name": row["full_name"].strip(), "role": row["role"]})
    return people


@declare(rules.authenticated)
def submit(request, pk: int):
    contest = visible_contest(request, pk)
    state = submission_state(contest)
    pupils = contest.audience != Contest.Audience.TEACHERS
    children = _children(request.user) if pupils else None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = EntryForm(data, contest=contest)
    files_form = EntryFilesForm(data, files)
    formset = AuthorFormSet(data, prefix="authors")
    child_form = ChildAuthorForm(data, children=children) if children is not None else None
    if request.method == "POST" and state == "open":
        valid = all(
            [form.is_valid(), files_form.is_valid(), formset.is_valid()]
            + ([child_form.is_valid()] if child_form is not None else [])
        )
        if valid:
            fields = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            try:
                entry = entry_services.submit_entry(
                    contest=contest,
                    user=request.user,
                    nomination=fields.pop("nomination"),
                    authors=_authors(formset, child_form),
                    files=files_form.cleaned_data["files"],
                    request_ip=request.META.get("REMOTE_ADDR"),
                    **fields,
                )
            except ValidationError as error:
                apply_errors(error, form, files_form)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Работа № %(number)s принята. Подтверждение отправлено на вашу почту.")
                    % {"number": entry.number},
                )
                return redirect("contests:entry", entry.pk)
    context = {
        "contest": contest,
        "state": state,
        "form": form,
        "files_form": files_form,
        "formset": formset,
        "child_form": child_form,
        "pupils": pupils,
    }
    failed = request.method == "POST" and bool(
        state != "open"
        or form.errors
        or files_form.errors
        or any(formset.errors)
        or formset.non_form_errors()
        or (child_form is not None and child_form.errors)
    )
    return render(request, "contests/entries/submit.html", context, status=400 if failed else 200)


@declare(rules.authenticated)
def my_works(request):
    entries = list(my_entries(request.user).select_related("contest").prefetch_related("diplomas"))
    return render(request, "contests/entries/my_entries.html", {"entries": entries})


def _own_entry(request, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.select_related("contest__organisation", "nomination", "age_category"), pk=pk
    )
    if not can_see_entry(request.user, entry):
        raise Http404
    return entry


def _editable(entry: Entry, user) -> bool:
    contest = entry.contest
    if entry.status != Entry.Status.SUBMITTED:
        return False
    if can_manage_contest(user, contest):
        return contest.status not in (Contest.Status.RESULTS_PUBLISHED, Contest.Status.ARCHIVED)
    return entry.submitted_by_id == user.pk and submission_state(contest) == "open"


@declare(rules.authenticated)
def entry_page(request, pk: int):
    """An author's (or organiser's) page of one work: the judge sees works on their workspace."""
    entry = _own_entry(request, pk)
    manager = can_manage_contest(request.user, entry.contest)
    mine = my_entries(request.user).filter(pk=entry.pk).exists()
    if not (manager or mine):
        raise Http404  # a judge's view of the work is the scoring page, blind where it must be
    editable = _editable(entry, request.user)
    data = request.POST if request.method == "POST" else None
    initial = {
        "nomination": entry.nomination_id,
        "age_category": entry.age_category_id,
        "title": entry.title,
        "annotation": entry.annotation,
        "team_name": entry.team_name,
        "video_url": entry.video_url,
    }
    form = EntryForm(data, contest=entry.contest, editing=True, initial=initial)
    files_form = EntryFilesForm(data, request.FILES if data is not None else None)
    authors_editable = editable and submission_state(entry.contest) == "open"
    formset, child_form = _author_forms(request, entry, data if authors_editable else None)
    if data is not None:
        if not editable:
            messages.error(request, _("Приём работ закончился: изменить работу уже нельзя."))
            return redirect("contests:entry", entry.pk)
        authors_valid = (
            formset.is_valid() and (child_form is None or child_form.is_valid())
            if formset.is_bound
            else True
        )
        if form.is_valid() and files_form.is_valid() and authors_valid:
            changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
            if formset.is_bound and (
                formset.has_changed() or (child_form is not None and child_form.has_changed())
            ):
                changes["authors"] = _authors(formset, child_form)
            try:
                if changes:
                    entry_services.update_entry(entry, user=request.user, **changes)
                for upload in files_form.cleaned_data["files"]:
                    entry_services.add_entry_file(entry, user=request.user, upload=upload)
            except ValidationError as error:
                apply_errors(error, form, files_form)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("contests:entry", entry.pk)
    failed = bool(
        form.errors
        or files_form.errors
        or (formset.is_bound and (any(formset.errors) or formset.non_form_errors()))
        or (child_form is not None and child_form.is_bound and child_form.errors)
    )
    context = {
        "entry": entry,
        "contest": entry.contest,
        "authors": entry.authors.all(),
        "files": files_for(entry, blind=False),
        "stages": entry.stages.select_related("stage").order_by("stage__position"),
        "diplomas": entry.diplomas.all(),
        "editable": editable,
        "form": form,
        "files_form": files_form,
        "manager": manager,
        "authors_editable": authors_editable,
        "formset": formset,
        "child_form": child_form,
    }
    return render(request, "contests/entries/entry.html", context, status=400 if failed else 200)


def _author_forms(request, entry: Entry, data):
    """The co-authors' rows (people by name) and, in a pupils' contest, the pupils to tick,
    filled with the work's present authors. Bound only when the page sent them (the marker
    field `authors_edit`), so a form without them leaves the authors alone."""
    from django.db.models import Q

    from technopark.accounts.models import ChildProfile

    present = list(entry.authors.order_by("position", "id"))
    bound = data if data is not None and data.get("authors_edit") else None
    initial = [{"full_name": a.full_name, "role": a.role} for a in present if not a.child_id]
    formset = AuthorFormSet(bound, prefix="authors", initial=initial)
    child_form = None
    if entry.contest.audience != Contest.Audience.TEACHERS:
        mine = [a.child_id for a in present if a.child_id]
        children = ChildProfile.objects.filter(
            Q(pk__in=mine) | Q(pk__in=_children(entry.submitted_by or request.user).values("pk"))
        ).order_by("last_name", "first_name")
        child_form = ChildAuthorForm(bound, children=children, initial={"children": mine})
    return formset, child_form


@require_POST
@declare(rules.authenticated)
def withdraw(request, pk: int):
    entry = _own_entry(request, pk)
    try:
        entry_services.withdraw_entry(entry, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Работа отозвана. Её больше нет в конкурсе."))
    return redirect("contests:entry", entry.pk)


@require_POST
@declare(rules.authenticated)
def file_remove(request, pk: int):
    entry_file = get_object_or_404(EntryFile.objects.select_related("entry__contest"), pk=pk)
    if not can_see_entry(request.user, entry_file.entry):
        raise Http404
    try:
        entry_services.remove_entry_file(entry_file, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Файл удалён."))
    return redirect("contests:entry", entry_file.entry_id)


@declare(rules.authenticated)
def file_download(request, pk: int):
    """A work's file for its authors, the organisers and the assigned judges; under blind
    review a judge gets it under a neutral name, never the author's own file name."""
    entry_file = get_object_or_404(EntryFile.objects.select_related("entry__contest"), pk=pk)
    entry = entry_file.entry
    user = request.user
    if not can_see_entry(user, entry):
        raise Http404
    blind = (
        entry.contest.blind_review
        and not can_manage_contest(user, entry.contest)
        and not my_entries(user).filter(pk=entry.pk).exists()
    )
    name = entry_file.original_name
    if blind:
        name = next(
            r["name"] for r in files_for(entry, blind=True) if r["file"].pk == entry_file.pk
        )
    try:
        handle = entry_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=entry_file.content_type or "application/octet-stream",
    )


@declare(rules.authenticated)
def diploma_download(request, pk: int):
    diploma = get_object_or_404(Diploma.objects.select_related("entry__contest"), pk=pk)
    entry = diploma.entry
    allowed = (
        can_manage_contest(request.user, entry.contest)
        or my_entries(request.user).filter(pk=entry.pk).exists()
    )
    if not allowed:
        raise Http404
    from ..services.documents import diploma_pdf

    filename = _("Диплом %(number)s.pdf") % {"number": diploma.number}
    response = HttpResponse(diploma_pdf(diploma), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


urlpatterns = [
    path("<int:pk>/submit/", submit, name="submit"),
    path("my/", my_works, name="my_entries"),
    path("entries/<int:pk>/", entry_page, name="entry"),
    path("entries/<int:pk>/withdraw/", withdraw, name="entry_withdraw"),
    path("files/<int:pk>/", file_download, name="file"),
    path("files/<int:pk>/remove/", file_remove, name="file_remove"),
    path("my/diplomas/<int:pk>/", diploma_download, name="diploma_download"),
]
