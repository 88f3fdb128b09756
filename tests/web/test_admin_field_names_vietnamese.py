"""Every field the admin can show has a Vietnamese name, and no admin page (list, add, change) labels a
column, a filter or a field with the English name Django derives from the field («Key hash», «Channel»),
or a row with Django's «… object (1)»."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from cchc.web.org.models import LoginFailure, ReminderSent
from cchc.web.org.tokens import issue_token
from cchc.web.par.models import Assessment, ScoreChange, SurveyImport
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reports.models import DownloadConfirmation

# The elements whose text names a field: column headers and field labels (a filter's title is the
# `data-filter-title` of its <details>).
LABELS = {"th", "label"}


def named_fields(model: type[Model]) -> list[str]:
    """The fields a model declares (not the ids and reverse relations Django adds)."""
    return [field.name for field in model._meta.get_fields() if not field.auto_created]


def unnamed_fields(model: type[Model]) -> list[str]:
    """The declared fields without an explicit verbose_name."""
    return [
        f"{model._meta.label}.{name}"
        for name in named_fields(model)
        if "verbose_name" not in model._meta.get_field(name).deconstruct()[3]
    ]


def english_defaults(model: type[Model], model_admin: admin.ModelAdmin) -> set[str]:
    """What a label reads when a field, a column or a filter falls back to English: the name with its
    underscores as spaces («Key hash»), or the English name of one of Django's own fields («Staff status»)."""
    names = set(named_fields(model))
    for option in (model_admin.list_display, model_admin.list_filter, model_admin.readonly_fields):
        names.update(name for name in option if isinstance(name, str) and name != "__str__")
    english = {name.replace("__", " ").replace("_", " ").strip().lower() for name in names}
    if not model.__module__.startswith("cchc."):
        with translation.override("en"):
            english.update(
                str(model._meta.get_field(name).verbose_name).lower() for name in named_fields(model)
            )
    return english


class LabelTexts(HTMLParser):
    """The texts of a page's <th> and <label> elements, without the label's colon, and its filters' titles."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        title = dict(attrs).get("data-filter-title")
        if tag == "details" and title:
            self.texts.append(title)
        if tag in LABELS:
            self.open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in LABELS and self.open:
            text = " ".join("".join(self.open.pop()).split()).rstrip(":").strip()
            if text:
                self.texts.append(text)

    def handle_data(self, data: str) -> None:
        for parts in self.open:
            parts.append(data)


def label_texts(html: str) -> list[str]:
    """The labels of the page's content (the side menu names the models, not their fields)."""
    parser = LabelTexts()
    parser.feed(html[html.index('<div id="content"') :])
    return parser.texts


def admin_pages(model: type[Model], model_admin: admin.ModelAdmin, user: User) -> list[str]:
    """The model's list page, its add page when the admin may add, its first row's change page."""
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [reverse(f"{name}_changelist")]
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    if model_admin.has_add_permission(request):
        pages.append(reverse(f"{name}_add"))
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        pages.append(reverse(f"{name}_change", args=[first.pk]))
    return pages


def test_every_field_of_every_model_names_itself_explicitly() -> None:
    ours = [model for model in apps.get_models() if model.__module__.startswith("cchc.web.")]
    assert len(ours) > 25
    assert [
        name for model in sorted({*admin.site._registry, *ours}, key=str) for name in unnamed_fields(model)
    ] == []
    assert [model._meta.label for model in ours if "verbose_name" not in model._meta.original_attrs] == []


def test_the_finder_sees_a_field_left_unnamed() -> None:
    # Django's own content types leave `app_label` unnamed: the admin would call it «App label».
    assert unnamed_fields(ContentType) == ["contenttypes.ContentType.app_label"]
    assert "app label" in english_defaults(ContentType, admin.ModelAdmin(ContentType, admin.site))


def administrator_client() -> Client:
    """A client logged in as the demo's administrator."""
    client = Client()
    client.force_login(User.objects.get(username="quantri"))
    return client


def one_row_of_what_the_demo_leaves_empty(administrator: User) -> None:
    """An API key, a login failure, a reminder, a download confirmation, a score change and a survey file,
    so that every admin has a change page to look at."""
    now = timezone.now()
    period = ReportingPeriod.objects.order_by("pk").first()
    assert period is not None
    assessment = Assessment.objects.order_by("pk").first()
    assert assessment is not None
    issue_token(administrator, name="máy chủ báo cáo")
    LoginFailure.objects.create(username="sotuphap", address="10.0.0.7", failed_at=now)
    ReminderSent.objects.create(
        user=administrator, day=now.date(), address="quantri@example.vn", summary="Biểu mẫu 1 quá hạn"
    )
    DownloadConfirmation.objects.create(period=period, user=administrator, file_format="docx", errors=2)
    ScoreChange.objects.create(assessment=assessment, code="1.1", stage="self", old_text="", new_text="1")
    SurveyImport.objects.create(round=assessment.round, name="dieu-tra.xlsx", sha256="0" * 64, rows=3)


def test_no_admin_page_labels_a_field_in_english(demo, db) -> None:
    administrator = User.objects.get(username="quantri")
    one_row_of_what_the_demo_leaves_empty(administrator)
    client = administrator_client()
    english_labels: list[str] = []
    pages = 0
    changes = 0
    for model, model_admin in admin.site._registry.items():
        english = english_defaults(model, model_admin)
        for url in admin_pages(model, model_admin, administrator):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            texts = label_texts(html)
            assert texts, url
            english_labels += [f"{url}: «{text}»" for text in texts if text.lower() in english]
            # A row without a name of its own would be called «ValueChange object (1)».
            english_labels += [f"{url}: «{name}»" for name in re.findall(r"\w+ object \(\d+\)", html)]
            pages += 1
            changes += url.endswith("/change/")
    assert english_labels == []
    assert changes == len(admin.site._registry) and pages > 2 * changes


def test_the_api_key_page_names_its_hash_and_prefix_in_vietnamese(demo, db) -> None:
    owner = User.objects.get(username="sotuphap")
    issue_token(owner, name="máy chủ báo cáo")
    client = administrator_client()
    listing = label_texts(client.get("/quan-tri/org/apitoken/").content.decode())
    assert {"Người dùng", "Tên", "Đầu khóa", "Hết hạn lúc"} <= set(listing)
    change = label_texts(
        client.get(f"/quan-tri/org/apitoken/{owner.api_tokens.get().pk}/change/").content.decode()
    )
    assert {"Người dùng", "Mã băm của khóa", "Đầu khóa"} <= set(change)
    assert "Key hash" not in change and "Prefix" not in change and "User" not in change


def test_a_list_filter_is_titled_by_the_fields_vietnamese_name(demo, db) -> None:
    page = " ".join(administrator_client().get("/quan-tri/reporting/valuechange/").content.decode().split())
    assert "Theo kênh nhập" in page
    assert "Bởi" not in page and "By channel" not in page
