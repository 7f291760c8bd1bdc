using System.Text;

namespace OrleansKube.Manifests.Validation;

/// <summary>
/// Upstream's size limits: a ConfigMap's or Secret's data at most 1 MiB in all (a Secret's stringData counted as the
/// data it becomes), an object's annotations at most 256 KiB (keys and values). Without them one object could fill a
/// silo's memory and every message that carries it.
/// </summary>
public static class SizeLimits
{
    /// <summary>upstream's <c>MaxSecretSize</c>, also the limit of a ConfigMap.</summary>
    public const int MaxDataBytes = 1024 * 1024;

    /// <summary>upstream's <c>TotalAnnotationSizeLimitB</c>.</summary>
    public const int MaxAnnotationBytes = 256 * 1024;

    public static void Validate(KubeObject obj, List<FieldError> errors)
    {
        if (AnnotationBytes(obj.Metadata.Annotations) > MaxAnnotationBytes)
        {
            errors.Add(TooLong("metadata.annotations", MaxAnnotationBytes));
        }

        var dataBytes = obj switch
        {
            ConfigMap configMap => (configMap.Data?.Values.Sum(v => (long)Encoding.UTF8.GetByteCount(v)) ?? 0)
                + (configMap.BinaryData?.Values.Sum(v => (long)v.Length) ?? 0),
            Secret secret => SecretDataBytes(secret),
            _ => 0,
        };
        if (dataBytes > MaxDataBytes)
        {
            errors.Add(TooLong("data", MaxDataBytes));
        }
    }

    /// <summary>The size of a Secret's data once its stringData is merged in (stringData wins over data of the same key, as upstream).</summary>
    public static long SecretDataBytes(Secret secret)
    {
        long total = 0;
        foreach (var (key, value) in secret.Data ?? [])
        {
            if (secret.StringData?.ContainsKey(key) != true)
            {
                total += value.Length;
            }
        }

        return total + (secret.StringData?.Values.Sum(v => (long)Encoding.UTF8.GetByteCount(v)) ?? 0);
    }

    private static long AnnotationBytes(Dictionary<string, string>? annotations) =>
        annotations?.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value)) ?? 0;

    private static FieldError TooLong(string path, int limit) => new(path, $"Too long: may not be more than {limit} bytes");
}
