"""Generic object views (list, detail, edit, delete) that scope every queryset with restrict().

Every view declares `scope_model` and `scope_action`; the access-matrix test reads these
declarations from the URL configuration, so a route without a rule fails the test suite.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from ..errors import NotPermitted, Refused
from ..models import AuditEvent
from ..scoping import can, contracts_for, get_scoped_object, restrict


class ScopedView(View):
    """Base: a view that acts on `scope_model` objects for `scope_action`."""

    access = "scoped"
    scope_model: type[Model]
    scope_action: str = "view"
    template_name: str = ""

    def base_queryset(self) -> QuerySet:
        """The unrestricted queryset (with select_related for the page)."""
        return self.scope_model._default_manager.all()

    def model_context(self) -> dict[str, Any]:
        meta = self.scope_model._meta
        return {
            "model_name": meta.verbose_name,
            "model_name_plural": meta.verbose_name_plural,
            "model_key": meta.model_name,
            "app_label": meta.app_label,
        }


class LenientPaginator(Paginator):
    """A paginator that never refuses a page number: one that is not a number shows the first
    page, one past the end (or before the start) the last (Django's Paginator.get_page rule)."""

    def page(self, number: Any) -> Any:
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        return super().page(number)


class ObjectListView(ScopedView):
    """A filtered, sortable, paginated list of the objects the user may see."""

    table_class: Any = None
    filterset_class: Any = None
    template_name = "core/object_list.html"
    paginate_by = 50

    def extra_context(self) -> dict[str, Any]:
        """More template context for this list."""
        return {}

    def add_url(self) -> str | None:
        """The URL of this model's add form, or None when it has none."""
        from django.urls import NoReverseMatch, reverse

        meta = self.scope_model._meta
        try:
            return reverse(f"{meta.app_label}:{meta.model_name}_add")
        except NoReverseMatch:
            return None

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = restrict(self.base_queryset(), request.user, "view")
        filterset = self.filterset_class(request.GET, queryset=qs, request=request)
        rows = filterset.qs if filterset.is_valid() else qs.none()
        table = self.table_class(rows, order_by=request.GET.get("sort"))
        table.paginate(paginator_class=LenientPaginator, page=request.GET.get("page", 1),
                       per_page=self.paginate_by)
        # Lists without an add form (incoming mail is only ever received) show no Add button.
        can_add = self.add_url() is not None and contracts_for(
            request.user, self.scope_model, "add").exists()
        ctx = {
            "table": table,
            "filterset": filterset,
            "can_add": can_add,
            **self.model_context(),
            **self.extra_context(),
        }
        template = "core/partials/table.html" if request.htmx else self.template_name
        return render(request, template, ctx)


class ObjectDetailView(ScopedView):
    """One object with its history (for those who may see the object)."""

    template_name = "core/object_detail.html"
    history_limit = 50

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def _url(self, suffix: str, obj: Any) -> str:
        from django.urls import NoReverseMatch, reverse

        meta = self.scope_model._meta
        try:
            return reverse(f"{meta.app_label}:{meta.model_name}_{suffix}", args=[obj.pk])
        except NoReverseMatch:
            return ""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = get_scoped_object(self.base_queryset(), request.user, "view", pk=pk)
        history = Paginator(AuditEvent.objects.for_object(obj), self.history_limit).get_page(
            request.GET.get("history_page")
        )
        ctx = {
            "object": obj,
            "history": history,
            "can_change": can(request.user, obj, "change"),
            "can_delete": can(request.user, obj, "delete"),
            "edit_url": self._url("edit", obj),
            "delete_url": self._url("delete", obj),
            **self.model_context(),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, ctx)


class ObjectEditView(ScopedView):
    """Create (no pk) or edit (pk) one object through a form, in one transaction."""

    form_class: type[ModelForm]
    template_name = "core/object_edit.html"
    scope_action = "change"

    def get_object(self, request: HttpRequest, pk: Any | None) -> Model:
        if pk is None:
            if not request.user.is_superuser and not contracts_for(
                request.user, self.scope_model, "add"
            ).exists():
                raise PermissionDenied
            return self.scope_model()
        return get_scoped_object(self.base_queryset(), request.user, "change", pk=pk)

    def get_form(self, request: HttpRequest, obj: Model, data: Any = None) -> ModelForm:
        return self.form_class(
            data=data, files=request.FILES or None, instance=obj, user=request.user
        )

    def get(self, request: HttpRequest, pk: Any | None = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        return self.render_form(request, obj, self.get_form(request, obj))

    def post(self, request: HttpRequest, pk: Any | None = None) -> HttpResponse:
        obj = self.get_object(request, pk)
        form = self.get_form(request, obj, data=request.POST)
        if not form.is_valid():
            return self.render_form(request, obj, form, status=400)
        try:
            with transaction.atomic():
                saved = self.save_object(form)
                self.after_save(saved)
        except NotPermitted:  # the role may not do this at all (its page would be 403 too)
            raise PermissionDenied from None
        except Refused as exc:  # a rule of the model said no: the form says why
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.render_form(request, obj, form, status=400)
        messages.success(
            request,
            _("%(model)s “%(object)s” was saved.")
            % {"model": self.scope_model._meta.verbose_name, "object": saved},
        )
        return HttpResponseRedirect(saved.get_absolute_url())

    def save_object(self, form: ModelForm) -> Model:
        """Save the validated form (an app routes this through its do_* action)."""
        return form.save()

    def after_save(self, obj: Model) -> None:
        """Hook run inside the saving transaction (e.g. to recompute dependent data)."""

    def render_form(
        self, request: HttpRequest, obj: Model, form: ModelForm, status: int = 200
    ) -> HttpResponse:
        from django.urls import NoReverseMatch, reverse

        meta = self.scope_model._meta
        if obj.pk is not None:
            cancel = obj.get_absolute_url()
        else:
            try:
                cancel = reverse(f"{meta.app_label}:{meta.model_name}_list")
            except NoReverseMatch:
                cancel = reverse("home")
        ctx = {"object": obj, "form": form, "is_new": obj.pk is None, "cancel_url": cancel,
               **self.model_context()}
        return render(request, self.template_name, ctx, status=status)


class ObjectDeleteView(ScopedView):
    """Confirm and delete one object."""

    scope_action = "delete"
    template_name = "core/object_delete.html"
    success_url_name: str = ""

    def delete_object(self, obj: Model) -> None:
        """Delete the object (an app routes this through its do_* action)."""
        obj.delete()

    def after_delete(self, obj: Model) -> None:
        """Hook run inside the deleting transaction."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = get_scoped_object(self.base_queryset(), request.user, "delete", pk=pk)
        return render(request, self.template_name, {"object": obj, **self.model_context()})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from django.urls import reverse

        obj = get_scoped_object(self.base_queryset(), request.user, "delete", pk=pk)
        label = str(obj)
        try:
            with transaction.atomic():
                self.delete_object(obj)
                self.after_delete(obj)
        except Refused as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(obj.get_absolute_url())
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                _("“%(object)s” is still in use by other records and cannot be deleted.")
                % {"object": label},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(
            request,
            _("%(model)s “%(object)s” was deleted.")
            % {"model": self.scope_model._meta.verbose_name, "object": label},
        )
        return HttpResponseRedirect(reverse(self.success_url_name))
