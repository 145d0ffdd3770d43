"""The data API's endpoints: the union tree, employers, members. Thin: parse, call one
selector or service, answer. The scope, the rules and the audit are the domains' own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.base import ApiViewSet
from gonghui.api.filters import (
    EmployerApiFilter,
    MemberApiFilter,
    UnionApiFilter,
    parameters_of,
)
from gonghui.api.schema import answers, read_only
from gonghui.api.serializers import EmployerIn, EmployerOut, MemberIn, MemberOut, UnionOut
from gonghui.employers import selectors as employer_selectors
from gonghui.employers import services as employer_services
from gonghui.employers.models import Employer
from gonghui.members import selectors as member_selectors
from gonghui.members import services as member_services
from gonghui.members.models import Member
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Union


@read_only(
    listed=_("Unions of the subtree"), one=_("One union"), out=UnionOut, filters=UnionApiFilter
)
class UnionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Nodes of the union tree (工会组织) in the requester's subtree."""

    serializer_class = UnionOut
    filter_form = UnionApiFilter
    lookup_url_kwarg = Union.url_kwarg

    def get_object(self) -> Union:
        return org_selectors.union_get(user=self.request.user, union_id=self.kwargs["union_id"])


@extend_schema_view(
    list=extend_schema(
        summary=_("Employers of the subtree"),
        parameters=parameters_of(EmployerApiFilter),
        responses=answers({200: EmployerOut}, 400),
    ),
    retrieve=extend_schema(summary=_("One employer"), responses=answers({200: EmployerOut}, 404)),
    create=extend_schema(
        summary=_("Register an employer"),
        request=EmployerIn,
        responses=answers({201: EmployerOut}, 400, 403),
    ),
    partial_update=extend_schema(
        summary=_("Change an employer"),
        request=EmployerIn,
        responses=answers({200: EmployerOut}, 400, 403, 404),
    ),
)
class EmployerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Employers (法人单位) seen by the subtree: covered by its unions or in its territory."""

    serializer_class = EmployerOut
    filter_form = EmployerApiFilter
    lookup_url_kwarg = Employer.url_kwarg

    def get_object(self) -> Employer:
        return employer_selectors.employer_get(
            user=self.request.user, employer_id=self.kwargs["employer_id"]
        )

    def create(self, request: Request) -> Response:
        fields = self.valid_input(EmployerIn)
        employer = self.audited_write(
            lambda: employer_services.employer_save(actor=request.user, **fields)
        )
        return Response(EmployerOut(employer).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, **kwargs: Any) -> Response:
        employer = self.get_object()
        changes = self.valid_input(EmployerIn, partial=True)
        # The service takes every field, as the web form sends them: the rest stay as they are.
        fields = {name: getattr(employer, name) for name in EmployerIn().fields} | changes
        saved = self.audited_write(
            lambda: employer_services.employer_save(actor=request.user, employer=employer, **fields)
        )
        return Response(EmployerOut(saved).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Members of the subtree (masked)"),
        parameters=parameters_of(MemberApiFilter),
        responses=answers({200: MemberOut}, 400),
    ),
    retrieve=extend_schema(
        summary=_("One member (masked)"), responses=answers({200: MemberOut}, 404)
    ),
    create=extend_schema(
        summary=_("Register a member"),
        request=MemberIn,
        responses=answers({201: MemberOut}, 400, 403),
    ),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Real-name members (实名制会员); ID numbers and mobiles are always masked."""

    serializer_class = MemberOut
    filter_form = MemberApiFilter
    lookup_url_kwarg = Member.url_kwarg

    def get_object(self) -> Member:
        return member_selectors.member_get(
            user=self.request.user, member_id=self.kwargs["member_id"]
        )

    def create(self, request: Request) -> Response:
        fields = self.valid_input(MemberIn)
        member = self.audited_write(
            lambda: member_services.member_create(actor=request.user, **fields)
        )
        return Response(MemberOut(member).data, status=status.HTTP_201_CREATED)
