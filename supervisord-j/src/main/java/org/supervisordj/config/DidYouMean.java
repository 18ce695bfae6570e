package org.supervisordj.config;

import java.util.Collection;
import java.util.Locale;

/** Suggests the closest known word for a misspelled key or section name. */
final class DidYouMean {

    private DidYouMean() {
    }

    /** Returns the closest candidate, or null when none is close enough to be a likely typo. */
    static String closest(String word, Collection<String> candidates) {
        if (word.length() > 64) return null; // no known word is that long, and distance() is quadratic
        String squashed = squash(word);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (squash(c).equals(squashed)) return c;
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 4));
        return bestDistance <= allowed ? best : null;
    }

    /** Returns up to {@code max} candidates close enough to be likely typos, closest first. */
    static java.util.List<String> closest(String word, Collection<String> candidates, int max) {
        if (word.length() > 64) return java.util.List.of();
        String lower = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, word.length() / 4));
        java.util.List<java.util.Map.Entry<Integer, String>> close = new java.util.ArrayList<>();
        for (String c : candidates) {
            int d = squash(c).equals(squash(word)) ? 0 : c.length() > 64 ? Integer.MAX_VALUE
                    : distance(lower, c.toLowerCase(Locale.ROOT));
            if (d <= allowed) close.add(java.util.Map.entry(d, c));
        }
        close.sort(java.util.Map.Entry.<Integer, String>comparingByKey().thenComparing(java.util.Map.Entry.comparingByValue()));
        return close.stream().limit(max).map(java.util.Map.Entry::getValue).toList();
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
