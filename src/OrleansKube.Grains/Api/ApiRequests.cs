using Orleans.Serialization.Invocation;

namespace OrleansKube.Grains.Api;

/// <summary>How an API grain call is named in metrics: upstream's verbs, resources and HTTP status codes.</summary>
internal static class ApiRequests
{
    /// <summary>The request verb of an <see cref="IApiGrain"/> call (apply is upstream's PATCH, create mode CREATE); null for calls that are not API requests (the clock).</summary>
    public static string? Verb(IInvokable request) => request.GetMethodName() switch
    {
        nameof(IApiGrain.ApplyAsync) => request.GetArgument(1) is ApplyMode.Create ? "CREATE" : "PATCH",
        nameof(IApiGrain.CreateAsync) or nameof(IApiGrain.CreateBatchAsync) or nameof(IApiGrain.EvictAsync) or nameof(IApiGrain.BindAsync) => "CREATE",
        nameof(IApiGrain.GetAsync) or nameof(IApiGrain.GetLogAsync) => "GET",
        nameof(IApiGrain.ListAsync) or nameof(IApiGrain.CountAsync) => "LIST",
        nameof(IApiGrain.UpdateAsync) => "UPDATE",
        nameof(IApiGrain.DeleteAsync) => "DELETE",
        _ => null,
    };

    public static string Code(ApiErrorReason reason) => reason switch
    {
        ApiErrorReason.BadRequest => "400",
        ApiErrorReason.Forbidden => "403",
        ApiErrorReason.NotFound => "404",
        ApiErrorReason.AlreadyExists or ApiErrorReason.Conflict => "409",
        ApiErrorReason.Invalid => "422",
        ApiErrorReason.TooManyRequests => "429",
        ApiErrorReason.ServiceUnavailable => "503",
        _ => "500",
    };

    /// <summary>The resource asked for (plural, as upstream labels it), from the call's first argument.</summary>
    public static string Resource(IInvokable request)
    {
        var kind = request.GetArgumentCount() == 0 ? null : request.GetArgument(0) switch
        {
            string name => Kinds.FromResourceName(name)?.Plural ?? name,
            ListQuery query => Kinds.FromResourceName(query.Kind)?.Plural ?? query.Kind,
            KubeObject obj => Kinds.Of(obj).Plural, // by its type: the request's objects are the caller's, not defaulted
            List<KubeObject> objects => objects.Select(o => Kinds.Of(o).Plural).Distinct().ToList() is [var only] ? only : "mixed",
            _ => null,
        };
        return request.GetMethodName() switch
        {
            nameof(IApiGrain.EvictAsync) => "pods/eviction",
            nameof(IApiGrain.BindAsync) => "pods/binding",
            nameof(IApiGrain.GetLogAsync) => "pods/log",
            _ => kind ?? "unknown",
        };
    }
}
