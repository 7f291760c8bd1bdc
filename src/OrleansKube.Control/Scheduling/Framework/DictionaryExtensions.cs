namespace OrleansKube.Control.Scheduling.Framework;

internal static class DictionaryExtensions
{
    public static void Increment<TKey>(this Dictionary<TKey, int> counts, TKey key, int by = 1)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + by;
}
