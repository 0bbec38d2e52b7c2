"""The scope rule itself (src/gonghui/core/scope.py)."""

from gonghui.core.scope import ancestor_paths


def test_ancestor_paths_follow_the_materialised_path():
    assert ancestor_paths("0001") == ["0001"]
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]
