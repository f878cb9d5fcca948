"""scikit-learn peer for bench/topics.ts: TF-IDF + LSA (TruncatedSVD) + KMeans.

The configuration follows scikit-learn's own text-clustering example ("Clustering text documents
using k-means": TfidfVectorizer(max_df=0.5, min_df=...) -> TruncatedSVD(100) -> Normalizer ->
KMeans), with sublinear tf and n_init=5 so the peer is not handicapped.

Usage: python3 bench/sklearn_peer.py --input texts.json --k 150 --seed 0 --output labels.json
texts.json is a JSON array of strings; labels.json gets {"labels": [...], "seconds": {...}}.
"""

import argparse
import json
import time

from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import Normalizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--components", type=int, default=100)
    parser.add_argument("--n-init", type=int, default=5)
    args = parser.parse_args()

    with open(args.input, encoding="utf-8") as f:
        texts = json.load(f)

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(sublinear_tf=True, max_df=0.5, min_df=2, stop_words="english")
    tfidf = vectorizer.fit_transform(texts)
    vectorized = time.perf_counter()
    lsa = TruncatedSVD(n_components=min(args.components, tfidf.shape[1] - 1), random_state=args.seed)
    reduced = Normalizer(copy=False).fit_transform(lsa.fit_transform(tfidf))
    projected = time.perf_counter()
    kmeans = KMeans(n_clusters=args.k, n_init=args.n_init, random_state=args.seed).fit(reduced)
    finished = time.perf_counter()

    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(
            {
                "labels": kmeans.labels_.tolist(),
                "seconds": {
                    "tfidf": vectorized - started,
                    "svd": projected - vectorized,
                    "kmeans": finished - projected,
                    "total": finished - started,
                },
                "terms": int(tfidf.shape[1]),
            },
            f,
        )


if __name__ == "__main__":
    main()
