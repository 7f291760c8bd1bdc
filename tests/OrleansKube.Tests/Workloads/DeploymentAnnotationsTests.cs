using OrleansKube.Control.Workloads.Deployments;

namespace OrleansKube.Tests.Workloads;

/// <summary>A pass reads whether the new ReplicaSet's annotations would change before it copies the set to change them.</summary>
public class DeploymentAnnotationsTests
{
    [Fact]
    public void NewReplicaSetAnnotationsChange_SaysWhatSettingThemOnACopyReports()
    {
        Dictionary<string, string>?[] deploymentAnnotations =
        [
            null,
            new() { ["team"] = "web" },
            new() { ["team"] = "db", [DeploymentAnnotations.Revision] = "9" },
        ];
        Dictionary<string, string>?[] setAnnotations =
        [
            null,
            new(),
            new() { ["team"] = "web", [DeploymentAnnotations.Revision] = "2" },
            new() { ["team"] = "web", [DeploymentAnnotations.Revision] = "3" },
            new() { [DeploymentAnnotations.Revision] = "not a number", ["team"] = "db" },
            new() { ["team"] = "db", [DeploymentAnnotations.Revision] = "4", [DeploymentAnnotations.RevisionHistory] = "1,2" },
        ];
        var cases = 0;
        foreach (var onDeployment in deploymentAnnotations)
        {
            foreach (var onSet in setAnnotations)
            {
                foreach (var newRevision in new long[] { 1, 3, 4 })
                {
                    var d = new Deployment { Metadata = new ObjectMeta { Name = "d", Annotations = onDeployment } };
                    var rs = new ReplicaSet { Metadata = new ObjectMeta { Name = "d-1", Annotations = onSet is null ? null : new(onSet) } };
                    var copy = rs with { Metadata = rs.Metadata with { } };

                    var predicted = DeploymentAnnotations.NewReplicaSetAnnotationsChange(d, rs, newRevision);

                    Assert.Equal(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, copy, newRevision, exists: true), predicted);
                    Assert.Equal(onSet, rs.Metadata.Annotations); // read, not changed
                    cases++;
                }
            }
        }

        Assert.Equal(54, cases);
    }
}
