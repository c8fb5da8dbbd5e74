"""What the API says about each object. Absolute URLs point to the public pages (the citable permalinks).

Nothing staff-only is serialized: no import notes, no seed file names, no unpublished document, no editor.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Document, Participation, State, Status, Summit, Theme


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.Field):
    """The object's public page as an absolute URL (get_absolute_url, on the host the request came to)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class StateRefSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()

    class Meta:
        model = State
        fields = ["slug", "short_name", "iso3", "url"]


class SummitRefSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    label = serializers.CharField(
        source="__str__", read_only=True, help_text='How pages name it: "Bishkek 2013".'
    )

    class Meta:
        model = Summit
        fields = ["slug", "number", "city", "start_date", "label", "url"]


def participation_by_status(participations):
    """{status: [state, ...]} with every status present (an empty list when no state had it)."""
    grouped = {status.value: [] for status in Status}
    for participation in participations:
        grouped[participation.status].append(participation.state)
    return grouped


class ParticipationByStatusSerializer(serializers.Serializer):
    member = StateRefSerializer(many=True)
    observer = StateRefSerializer(many=True)
    dialogue_partner = StateRefSerializer(many=True)
    guest = StateRefSerializer(many=True)


class SummitSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    label = serializers.CharField(source="__str__", read_only=True)
    host = StateRefSerializer()
    sources = serializers.ListField(source="source_list", child=serializers.CharField())
    participation = serializers.SerializerMethodField(help_text="The states present, by their status then.")

    class Meta:
        model = Summit
        fields = [
            "slug",
            "number",
            "city",
            "label",
            "host",
            "start_date",
            "end_date",
            "format",
            "declaration_name",
            "notes",
            "sources",
            "participation",
            "url",
        ]

    @extend_schema_field(ParticipationByStatusSerializer)
    def get_participation(self, summit):
        grouped = participation_by_status(summit.participations.all())
        return {
            status: StateRefSerializer(states, many=True, context=self.context).data
            for status, states in grouped.items()
        }


class StatusChangeSerializer(serializers.Serializer):
    state = StateRefSerializer()
    status = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField()


class SummitDetailSerializer(SummitSerializer):
    status_changes = StatusChangeSerializer(many=True, help_text="Statuses this summit granted.")

    class Meta(SummitSerializer.Meta):
        fields = [*SummitSerializer.Meta.fields, "status_changes"]


class StateParticipationSerializer(serializers.ModelSerializer):
    summit = SummitRefSerializer()

    class Meta:
        model = Participation
        fields = ["summit", "status"]


class StateSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Other names texts use for it."
    )
    participations = StateParticipationSerializer(
        many=True, help_text="Its status at every summit it took part in, in date order."
    )

    class Meta:
        model = State
        fields = ["slug", "name", "short_name", "iso3", "aliases", "participations", "url"]


class ThemeSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="null for a top-level theme."
    )
    children = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)
    rules = serializers.SerializerMethodField(
        help_text="The tagging rules, one per item (see the tagging guide)."
    )

    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "parent", "children", "position", "rules", "url"]

    def get_rules(self, theme) -> list[str]:
        lines = (line.strip() for line in theme.rules.splitlines())
        return [line for line in lines if line and not line.startswith("#")]


class DocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField()
    summit = SummitRefSerializer()
    sha256 = serializers.CharField(source="checksum", help_text="SHA-256 of the source file as imported.")

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "kind",
            "date",
            "place",
            "language",
            "summit",
            "publisher",
            "source_name",
            "source_url",
            "sha256",
            "first_imported_at",
            "last_imported_at",
            "url",
        ]


class SectionSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    heading = serializers.CharField()
    first_paragraph = serializers.IntegerField()
    paragraphs = serializers.IntegerField()


class DocumentDetailSerializer(DocumentSerializer):
    sections = SectionSerializer(many=True, source="section_list", help_text="Its sections in reading order.")
    paragraphs = serializers.IntegerField(source="paragraph_count")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "paragraphs", "sections"]
