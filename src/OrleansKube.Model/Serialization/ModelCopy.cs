using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;

namespace OrleansKube.Model.Serialization;

/// <summary>
/// A deep copy of a model object or any part of one, made field by field: every object, list, dictionary and array is
/// new; strings and values are shared (they cannot change). It gives what <see cref="KubeJson.Copy{T}"/> gives for a
/// stored object (already in its canonical form), at a fraction of the cost: a controller's pod spec, copied from its
/// template for every pod, took ~6.5 µs and 4 KB through JSON, and each pod kept its own copies of the template's strings.
/// </summary>
public static class ModelCopy
{
    private static readonly ConcurrentDictionary<Type, Func<object, object>> Copiers = new();

    private static readonly Func<object, object> CloneShallow =
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!.CreateDelegate<Func<object, object>>();

    private static readonly MethodInfo CopyMethod = typeof(ModelCopy).GetMethod(nameof(CopyObject), BindingFlags.Static | BindingFlags.NonPublic)!;

    public static T Deep<T>(T value)
        where T : class =>
        (T)CopyObject(value)!;

    private static object? CopyObject(object? value) =>
        value is null ? null : Copiers.GetOrAdd(value.GetType(), Build)(value);

    /// <summary>Whether a value of this type is shared by a copy as it is: strings, values (no model struct holds a mutable object), types.</summary>
    private static bool IsShared(Type type) => type == typeof(string) || type.IsValueType || type == typeof(Type);

    private static Func<object, object> Build(Type type)
    {
        if (IsShared(type))
        {
            return static value => value;
        }

        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return static value => ((JsonNode)value).DeepClone();
        }

        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            return IsShared(element)
                ? static value => ((Array)value).Clone()
                : static value =>
                {
                    var array = (Array)((Array)value).Clone();
                    for (var i = 0; i < array.Length; i++)
                    {
                        array.SetValue(CopyObject(array.GetValue(i)), i);
                    }

                    return array;
                };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return (Func<object, object>)typeof(ModelCopy).GetMethod(nameof(ListCopier), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(type.GetGenericArguments()).Invoke(null, null)!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return (Func<object, object>)typeof(ModelCopy).GetMethod(nameof(DictionaryCopier), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(type.GetGenericArguments()).Invoke(null, null)!;
        }

        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            throw new NotSupportedException($"{type}: a collection a model copy does not know how to copy");
        }

        return ObjectCopier(type);
    }

    private static Func<object, object> ListCopier<T>() =>
        IsShared(typeof(T))
            ? static value => new List<T>((List<T>)value)
            : static value =>
            {
                var source = (List<T>)value;
                var copy = new List<T>(source.Count);
                foreach (var item in source)
                {
                    copy.Add((T)CopyObject(item)!);
                }

                return copy;
            };

    private static Func<object, object> DictionaryCopier<TKey, TValue>()
        where TKey : notnull
    {
        if (!IsShared(typeof(TKey)))
        {
            throw new NotSupportedException($"Dictionary<{typeof(TKey)}, {typeof(TValue)}>: keys a model copy would share but could change");
        }

        return IsShared(typeof(TValue))
            ? static value => new Dictionary<TKey, TValue>((Dictionary<TKey, TValue>)value, ((Dictionary<TKey, TValue>)value).Comparer)
            : static value =>
            {
                var source = (Dictionary<TKey, TValue>)value;
                var copy = new Dictionary<TKey, TValue>(source.Count, source.Comparer);
                foreach (var (key, item) in source)
                {
                    copy.Add(key, (TValue)CopyObject(item)!);
                }

                return copy;
            };
    }

    /// <summary>A shallow clone, then each field that holds an object replaced by its copy (a compiled body per type).</summary>
    private static Func<object, object> ObjectCopier(Type type)
    {
        var fields = new List<FieldInfo>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (IsShared(field.FieldType))
                {
                    continue;
                }

                if (field.IsInitOnly)
                {
                    throw new NotSupportedException($"{type}.{field.Name}: a read-only field holding an object, which a model copy cannot replace");
                }

                fields.Add(field);
            }
        }

        var source = Expression.Parameter(typeof(object), "source");
        var typedSource = Expression.Variable(type, "from");
        var copy = Expression.Variable(type, "copy");
        var body = new List<Expression>
        {
            Expression.Assign(typedSource, Expression.Convert(source, type)),
            Expression.Assign(copy, Expression.Convert(Expression.Invoke(Expression.Constant(CloneShallow), source), type)),
        };
        foreach (var field in fields)
        {
            body.Add(Expression.Assign(
                Expression.Field(copy, field),
                Expression.Convert(Expression.Call(CopyMethod, Expression.Field(typedSource, field)), field.FieldType)));
        }

        body.Add(Expression.Convert(copy, typeof(object)));
        return Expression.Lambda<Func<object, object>>(Expression.Block([typedSource, copy], body), source).Compile();
    }
}
