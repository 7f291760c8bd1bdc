using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>
/// The <c>pod-template-hash</c> label: FNV-32a of the template (and the collision count) written with upstream's
/// SafeEncodeString alphabet (no vowels, no look-alike digits), e.g. <c>7d4b9c8f6</c>.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template) + (collisionCount is { } c ? "#" + c.ToString(CultureInfo.InvariantCulture) : "")))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return SafeEncode(hash);
    }

    /// <summary>A 32-bit hash's decimal digits in upstream's SafeEncodeString alphabet (no vowels, no look-alike digits).</summary>
    public static string SafeEncode(uint hash)
    {
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var encoded = new char[digits.Length];
        for (var i = 0; i < digits.Length; i++)
        {
            encoded[i] = Alphabet[digits[i] % Alphabet.Length];
        }

        return new string(encoded);
    }

    // A template's JSON without the hash label, by template instance: a Deployment pass compares its template with
    // every ReplicaSet's several times, and the templates compared are stored objects' (never changed once stored).
    private static readonly ConditionalWeakTable<PodTemplateSpec, string> WithoutHashJson = new();

    /// <summary>
    /// Whether two templates are the same but for the <c>pod-template-hash</c> label (EqualIgnoreHash). Each instance's
    /// form is remembered: pass templates of stored objects (or copies nobody changes afterwards).
    /// </summary>
    public static bool EqualIgnoringHash(PodTemplateSpec? a, PodTemplateSpec? b) => CanonicalWithoutHash(a) == CanonicalWithoutHash(b);

    /// <summary>A copy of <paramref name="template"/> without the <c>pod-template-hash</c> label.</summary>
    public static PodTemplateSpec WithoutHash(PodTemplateSpec? template)
    {
        var copy = KubeJson.Copy(template ?? new PodTemplateSpec());
        if (copy.Metadata?.Labels is { } labels && labels.Remove(Label) && labels.Count == 0)
        {
            copy.Metadata.Labels = null;
        }

        return copy;
    }

    private static string Canonical(PodTemplateSpec? template) => JsonSerializer.Serialize(template, KubeJson.Options);

    private static string CanonicalWithoutHash(PodTemplateSpec? template) =>
        template is null ? Canonical(WithoutHash(null)) : WithoutHashJson.GetValue(template, t => Canonical(WithoutHash(t)));
}
