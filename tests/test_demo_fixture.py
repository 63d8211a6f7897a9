"""The `demo` fixture's contract: the seed municipalities are there for every test, loaded once per
run; what a test changes is gone in the next; after a transactional test emptied the database the
fixture loads them again. (pytest-django runs the transactional tests after the others.)"""

import pytest

from pejling.plans.models import Strategy

SLUGS = ["holstebro-partnerskab-ungestrategier", "ringsted-uddannelse-til-alle-unge", "stevns-boerne-og-ungepolitik"]


def test_it_gives_the_demo_slugs_in_load_order(demo):
    assert demo == SLUGS
    assert sorted(Strategy.objects.values_list("slug", flat=True)) == SLUGS


def test_a_change_in_one_test_does_not_reach_the_next_1(demo):
    Strategy.objects.filter(slug=SLUGS[1]).update(title="Changed by a test")
    Strategy.objects.filter(slug=SLUGS[2]).delete()


def test_a_change_in_one_test_does_not_reach_the_next_2(demo):
    assert Strategy.objects.get(slug=SLUGS[1]).title == "Uddannelse til alle unge"
    assert Strategy.objects.filter(slug=SLUGS[2]).exists()


def test_an_empty_database_is_a_fixture_away(empty_db):
    from django.contrib.auth import get_user_model
    assert not Strategy.objects.exists() and not get_user_model().objects.exists()


@pytest.mark.parametrize("run", [1, 2])  # the second runs after the first one's flush
def test_transactional_tests_find_the_demo_after_a_flush(transactional_db, demo, run):
    assert demo == SLUGS
    assert Strategy.objects.get(slug=SLUGS[2]).initiatives.count() == 17
