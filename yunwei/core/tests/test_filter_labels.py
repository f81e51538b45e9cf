"""Filter labels taken from model fields follow the reader's language, whoever read them first."""

from django.utils import translation

from yunwei.deliverables.filtersets import DocumentTypeFilterSet


def test_label_read_first_in_english_is_chinese_for_a_chinese_reader():
    with translation.override("en"):
        # The API schema reads the class's own filters; this used to fix their language.
        assert str(DocumentTypeFilterSet.base_filters["frequency"].label) == "Frequency"
    with translation.override("zh-hans"):
        assert str(DocumentTypeFilterSet.base_filters["frequency"].label) == "频次"
        form = DocumentTypeFilterSet(data={}).form
        assert form.fields["frequency"].label == "频次"
