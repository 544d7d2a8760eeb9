"""How rules cite the policy (generator/rules/__init__.py: cite_measure, cite_step): the
document number from the edition, the clause of the step's milestone and the programme's name
for the step, each part left out when the data does not give it."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from generator.repository import Repository
from generator.rules import cite_measure, cite_step
from generator.validate import Checker
from tests.conftest import REPO


@pytest.fixture(scope="module")
def real():
    checker = Checker(Repository(REPO))
    return SimpleNamespace(programme=checker.programme), checker.edition(2021)


def _without_clause(edition, file_kind: str):
    return dataclasses.replace(edition, milestones=tuple(
        dataclasses.replace(m, clause_ref=None) if m.file_kind == file_kind else m for m in edition.milestones))


def test_a_step_is_cited_by_document_clause_and_step(real):
    ctx, edition = real
    assert cite_step(ctx, edition, "notice") == "渝府办发〔2021〕83号 二、组织实施 第3项（通报实施）"
    assert cite_step(ctx, edition, "application", number=False) == "二、组织实施 第1项（区县申报）"
    assert cite_measure(ctx, edition, 6) == "渝府办发〔2021〕83号 一、激励措施 第6项"


def test_without_an_edition_nothing_is_cited(real):
    ctx, _ = real
    assert cite_step(ctx, None, "notice") is None
    assert cite_measure(ctx, None, 6) is None


def test_a_milestone_without_a_clause_is_cited_by_the_document_alone(real):
    ctx, edition = real
    bare = _without_clause(edition, "notice")
    assert cite_step(ctx, bare, "notice") == "渝府办发〔2021〕83号"
    # after a citation that already gave the document number there is nothing left to cite
    assert cite_step(ctx, bare, "notice", number=False) is None
    # the other steps keep their clauses
    assert cite_step(ctx, bare, "application") == "渝府办发〔2021〕83号 二、组织实施 第1项（区县申报）"


def test_a_step_without_a_milestone_is_cited_by_the_document_alone(real):
    ctx, edition = real
    none = dataclasses.replace(edition, milestones=tuple(m for m in edition.milestones if m.file_kind != "notice"))
    assert cite_step(ctx, none, "notice") == "渝府办发〔2021〕83号"
    assert cite_step(ctx, none, "notice", number=False) is None


def test_a_step_the_programme_does_not_name_is_cited_by_its_clause(real):
    ctx, edition = real
    programme = dataclasses.replace(ctx.programme, steps=tuple(s for s in ctx.programme.steps
                                                               if s.file_kind != "notice"))
    assert cite_step(SimpleNamespace(programme=programme), edition, "notice") == "渝府办发〔2021〕83号 二、组织实施 第3项"
