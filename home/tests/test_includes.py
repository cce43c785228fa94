"""The shared includes every app uses: field.html, pagination.html, messages.html."""

import pytest

from django import forms
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=10, help_text="Your shop's name.")
    newsletter = forms.BooleanField(label="Newsletter", required=False, help_text="Monthly.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one."
    )


def render_field(form, name):
    return Template('{% include "includes/field.html" with field=field %}').render(Context({"field": form[name]}))


def test_valid_field_links_help_text_and_marks_required():
    html = render_field(ExampleForm(), "name")
    assert '<label class="field__label" for="id_name">Name' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'id="id_name_helptext"' in html
    assert "aria-invalid" not in html
    assert "field--invalid" not in html
    assert "required" in html


def test_invalid_field_links_error_and_sets_aria_invalid():
    form = ExampleForm(data={"name": "x" * 50, "kind": "a"})
    assert not form.is_valid()
    html = render_field(form, "name")
    assert "field field--invalid" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error"' in html
    assert "10" in html  # "at most 10 characters"


def test_hostile_value_and_error_are_escaped():
    form = ExampleForm(data={"name": '"><script>alert(1)</script>', "kind": "<b>x</b>"})
    assert not form.is_valid()
    html = render_field(form, "name") + render_field(form, "kind")
    assert "<script>alert(1)</script>" not in html
    assert "<b>x</b>" not in html


def test_checkbox_label_follows_the_box():
    html = render_field(ExampleForm(), "newsletter")
    assert "field checkbox" in html
    assert html.index('type="checkbox"') < html.index('<label class="field__label" for="id_newsletter">')
    assert 'id="id_newsletter_helptext"' in html


def test_radio_group_is_a_fieldset_with_legend():
    form = ExampleForm(data={"name": "ok"})
    form.is_valid()
    html = render_field(form, "kind")
    assert "<fieldset" in html and '<legend class="field__label">Kind' in html
    assert 'aria-describedby="id_kind_helptext id_kind_error"' in html


@pytest.mark.parametrize("count,expected_links", [(5, 0), (25, 3)])
def test_pagination_include(count, expected_links):
    page = Paginator(list(range(count)), 10).page(1)
    html = Template('{% include "includes/pagination.html" with page_obj=page_obj query_string=qs %}').render(
        Context({"page_obj": page, "qs": "q=a%20b"})
    )
    if not expected_links:
        assert html.strip() == ""
        return
    assert 'aria-current="page"' in html
    assert 'href="?q=a%20b&amp;page=2"' in html and 'rel="next"' in html
    assert 'rel="prev"' not in html


def test_messages_include_maps_levels_to_notices():
    messages = [Message(40, "Kaputt"), Message(25, "Gespeichert"), Message(20, "<b>Hinweis</b>")]
    html = Template('{% include "includes/messages.html" %}').render(Context({"messages": messages}))
    assert '<p class="notice notice--error">Kaputt</p>' in html
    assert '<p class="notice notice--success">Gespeichert</p>' in html
    assert "&lt;b&gt;Hinweis&lt;/b&gt;" in html
    assert 'role="status"' in html
