using System.Diagnostics;
#if DEBUG
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansKube.Model.Serialization;
#endif

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The Debug-build check of the shared-objects contract (<see cref="SharedModelCopier"/>): every model object handed
/// across a grain boundary is fingerprinted (its JSON) the first time; when the same instance crosses again, or when a
/// test asks (<see cref="Verify"/>), its JSON must be unchanged. A change means some code mutated an object another
/// grain holds. Release builds keep nothing.
/// </summary>
public sealed class SharedObjects
{
#if DEBUG
    private readonly ConditionalWeakTable<object, byte[]> _fingerprints = new();
    private readonly List<string> _violations = [];
#endif

    /// <summary>The check of this process's grain calls (what <see cref="SharedModelCopier"/> reports to).</summary>
    public static SharedObjects Process { get; } = new();

    /// <summary>Whether the contract is checked (Debug builds).</summary>
    public static bool Checked =>
#if DEBUG
        true;
#else
        false;
#endif

    /// <summary><paramref name="obj"/> crosses a grain boundary (shared from now on).</summary>
    [Conditional("DEBUG")]
    public void Shared(object obj)
    {
#if DEBUG
        var now = Fingerprint(obj);
        if (_fingerprints.TryGetValue(obj, out var before))
        {
            if (!before.AsSpan().SequenceEqual(now))
            {
                Violated(obj, before, now, "crossed a grain boundary again");
                _fingerprints.AddOrUpdate(obj, now); // reported once
            }

            return;
        }

        _fingerprints.AddOrUpdate(obj, now);
#endif
    }

    /// <summary>
    /// Throws when an object was changed after it was shared: found when it crossed again, or now, by comparing every
    /// shared object still alive with its fingerprint (<paramref name="sweep"/>). Debug builds only; Release: nothing.
    /// </summary>
    public void Verify(bool sweep = true)
    {
#if DEBUG
        if (sweep)
        {
            foreach (var (obj, before) in _fingerprints)
            {
                var now = Fingerprint(obj);
                if (!before.AsSpan().SequenceEqual(now))
                {
                    Violated(obj, before, now, "still held");
                    _fingerprints.AddOrUpdate(obj, now); // reported once
                }
            }
        }

        string[] found;
        lock (_violations)
        {
            found = [.. _violations];
            _violations.Clear();
        }

        if (found.Length > 0)
        {
            throw new InvalidOperationException($"{found.Length} shared object(s) were mutated after crossing a grain boundary:\n{string.Join("\n", found.Take(5))}");
        }
#endif
    }

#if DEBUG
    private static byte[] Fingerprint(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), KubeJson.Options);

    private static string Shorten(byte[] json)
    {
        var text = System.Text.Encoding.UTF8.GetString(json);
        return text.Length <= 600 ? text : text[..600] + "…";
    }

    private void Violated(object obj, byte[] before, byte[] now, string when)
    {
        var sender = new StackTrace(2, false).ToString().Split('\n')
            .Where(l => l.Contains("OrleansKube", StringComparison.Ordinal) && !l.Contains(".Shared", StringComparison.Ordinal))
            .Take(3).Select(l => l.Trim());
        var text = $"{obj.GetType().Name} ({when}):\n  before: {Shorten(before)}\n  now:    {Shorten(now)}\n  sent by: {string.Join(" < ", sender)}";
        lock (_violations)
        {
            _violations.Add(text);
        }
    }
#endif
}
