namespace OrleansKube.Model.Core;

public enum TolerationOperator
{
    Exists,
    Equal,
}
