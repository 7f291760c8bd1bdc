namespace OrleansKube.Model.Batch;

public enum CompletionMode
{
    NonIndexed,
    Indexed,
}
