using System.Globalization;

namespace OrleansKube.Control.Watching;

/// <summary>resourceVersions as the API writes and reads them: decimal integers that increase per resource type.</summary>
public static class ResourceVersions
{
    public static string Format(long rv) => rv.ToString(CultureInfo.InvariantCulture);

    /// <summary>The integer of a resourceVersion a client sent; null when it is not one (upstream: 400 BadRequest).</summary>
    public static long? Parse(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A copy of <paramref name="obj"/> carrying <paramref name="rv"/>; spec and status stay shared (objects are immutable once stored).</summary>
    public static T Stamp<T>(T obj, long rv)
        where T : KubeObject =>
        obj with { Metadata = obj.Metadata with { ResourceVersion = Format(rv) } };

    /// <summary>upstream's message for a watch or list from before the retained history.</summary>
    public static string TooOld(long requested, long oldest) => $"too old resource version: {requested} ({oldest})";

    /// <summary>upstream's message for a resourceVersion the cache has not reached (504, cause ResourceVersionTooLarge).</summary>
    public static string TooLarge(long requested, long current) => $"Too large resource version: {requested}, current: {current}";
}
