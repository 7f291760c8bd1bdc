namespace OrleansKube.Api.Security;

/// <summary>The API's security settings cannot work (a missing or malformed token file, TLS without tokens): one line for the user.</summary>
public sealed class ApiSecurityException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The refusal among <paramref name="e"/> and the exceptions it wraps (a host's start wraps its services' failures).</summary>
    public static ApiSecurityException? Find(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is ApiSecurityException refusal)
            {
                return refusal;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(r => r is not null);
            }
        }

        return null;
    }
}
