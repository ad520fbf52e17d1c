"""The intent classifier survives being stored and loaded: same classes, same confidences, without skops."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from components.intent_classifier import TunableLogisticRegressionClassifier as Classifier


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def _fitted(storage, config):
    resource = Resource("intent_classifier")
    component = Classifier.create({**Classifier.get_default_config(), **config}, storage, resource, _context())
    rng = np.random.default_rng(7)
    features = rng.random((60, 12))
    labels = np.array(["greet", "ask_salary", "ask_skills"] * 20)
    component.clf.fit(features, labels)
    return component, resource, features


def _context():
    return ExecutionContext(GraphSchema({}), node_name="intent_classifier")


def test_round_trip_keeps_every_confidence(storage):
    component, resource, features = _fitted(storage, {"C": 5})
    component.persist()
    loaded = Classifier.load(component.config, storage, resource, _context())
    assert list(loaded.clf.classes_) == ["ask_salary", "ask_skills", "greet"]
    assert loaded.clf.get_params()["C"] == 5.0
    np.testing.assert_array_equal(loaded.clf.predict_proba(features), component.clf.predict_proba(features))
    sparse = scipy.sparse.csr_matrix(features)
    np.testing.assert_array_equal(loaded.clf.predict_proba(sparse), component.clf.predict_proba(sparse))


def test_configured_c_is_used(storage):
    # Stronger regularisation (small C) flattens the confidences the fallback threshold is compared with.
    point = np.full((1, 12), 0.5)
    soft, _, _ = _fitted(storage, {"C": 0.01})
    sharp, _, _ = _fitted(storage, {"C": 100})
    assert soft.clf.C == 0.01 and sharp.clf.C == 100
    assert max(soft.clf.predict_proba(point)[0]) < max(sharp.clf.predict_proba(point)[0])


def test_missing_files_give_an_untrained_classifier_not_a_crash(storage):
    loaded = Classifier.load(Classifier.get_default_config(), storage, Resource("never_stored"), _context())
    assert not hasattr(loaded.clf, "coef_")


def test_storage_format_is_part_of_the_training_cache_key():
    # A cached result of Rasa's skops-based classifier must never be reused for this one.
    assert Classifier.fingerprint_addon({}) not in (None, "")


def test_feature_matrix_is_rasas(storage):
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    rng = np.random.default_rng(11)
    messages = []
    for index in range(5):
        message = Message(data={"text": f"message {index}"})
        for origin, width in (("words", 7), ("chars", 13)):
            tokens = index + 2
            sequence = scipy.sparse.random(tokens, width, density=0.3, random_state=index, format="coo")
            sentence = scipy.sparse.coo_matrix(rng.integers(0, 3, size=(1, width)).astype(float))
            message.add_features(Features(sequence, "sequence", "text", origin))
            message.add_features(Features(sentence, "sentence", "text", origin))
        messages.append(message)
    component, _, _ = _fitted(storage, {})
    ours = component._create_X(messages)
    theirs = LogisticRegressionClassifier._create_X(component, messages)
    assert ours.shape == theirs.shape == (5, 20)
    np.testing.assert_array_equal(ours.toarray(), theirs.toarray())
