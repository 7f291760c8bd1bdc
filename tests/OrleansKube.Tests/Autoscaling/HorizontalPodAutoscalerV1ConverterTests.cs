using System.Text.Json.Nodes;
using OrleansKube.Model.Autoscaling.V1;

namespace OrleansKube.Tests.Autoscaling;

/// <summary>autoscaling/v1 ↔ the stored autoscaling/v2 HorizontalPodAutoscaler, as upstream's conversion.go: round trips lose nothing, the annotations are upstream's.</summary>
public class HorizontalPodAutoscalerV1ConverterTests
{
    private static readonly HorizontalPodAutoscalerV1Converter Converter = HorizontalPodAutoscalerV1Converter.Instance;

    private const string Meta = "\"metadata\":" + """{"name":"web","namespace":"default","uid":"u-1","resourceVersion":"7"}""";

    private const string Target = "\"scaleTargetRef\":" + """{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}""";

    private const string Cpu50 = """{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}""";

    private const string Behavior = "\"behavior\":" + """{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15},{"type":"Pods","value":4,"periodSeconds":15}]},"scaleDown":{"stabilizationWindowSeconds":300,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}""";

    public sealed record RoundTripCase(string Sentence, string Json)
    {
        public override string ToString() => Sentence;
    }

    public static TheoryData<RoundTripCase> StoredObjects() =>
    [
        new RoundTripCase("a cpu utilization target alone", V2("{" + Target + ""","minReplicas":1,"maxReplicas":5,"metrics":[""" + Cpu50 + "]}", null)),
        new RoundTripCase("a memory value target before the cpu one", V2("{" + Target + ""","minReplicas":2,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"512Mi"}}},""" + Cpu50 + "]}", null)),
        new RoundTripCase("pods, object, external and container metrics", V2("{" + Target + ""","minReplicas":1,"maxReplicas":9,"metrics":[{"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}},{"type":"Object","object":{"describedObject":{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","name":"main"},"metric":{"name":"requests","selector":{"matchLabels":{"path":"/"}}},"target":{"type":"Value","value":"10"}}},{"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"AverageValue","averageValue":"30"}}},{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization","averageUtilization":60}}}]}""", null)),
        new RoundTripCase("a behavior, current metrics and conditions", V2("{" + Target + ""","minReplicas":1,"maxReplicas":5,"metrics":[""" + Cpu50 + "]," + Behavior + "}",
            """{"observedGeneration":3,"lastScaleTime":"2026-12-01T12:00:00Z","currentReplicas":2,"desiredReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageValue":"250m","averageUtilization":75}}}],"conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-12-01T11:00:00Z","reason":"SucceededRescale","message":"the HPA controller was able to update the target scale to 3"}]}""")),
        new RoundTripCase("user annotations beside the round-trip ones", V2("{" + Target + ""","minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"Utilization","averageUtilization":70}}}, """ + Cpu50 + "]}", null, """{"team":"web"}""")),
    ];

    [Theory]
    [MemberData(nameof(StoredObjects))]
    public void V2ToV1ToV2_GivesBackTheStoredObject(RoundTripCase c)
    {
        var stored = Parse(c.Json);

        var v1 = Converter.FromStored(Parse(c.Json));
        var back = Converter.ToStored((JsonObject)v1.DeepClone());

        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.True(JsonNode.DeepEquals(stored, back), $"expected {stored.ToJsonString()}\n     got {back.ToJsonString()}");
    }

    public static TheoryData<RoundTripCase> ServedObjects() =>
    [
        new RoundTripCase("kubectl autoscale's object", V1("{" + Target + ""","minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":80}""", """{"currentReplicas":0,"desiredReplicas":0}""")),
        new RoundTripCase("other metrics, current metrics, behavior and conditions in annotations", V1("{" + Target + ""","minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":50}""",
            """{"currentReplicas":2,"desiredReplicas":2,"currentCPUUtilizationPercentage":40}""",
            """{"autoscaling.alpha.kubernetes.io/metrics":"[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"targetAverageValue\":\"512Mi\"}}]","autoscaling.alpha.kubernetes.io/current-metrics":"[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"currentAverageUtilization\":40,\"currentAverageValue\":\"40m\"}}]","autoscaling.alpha.kubernetes.io/behavior":"{\"ScaleUp\":{\"StabilizationWindowSeconds\":0,\"SelectPolicy\":\"Max\",\"Policies\":[{\"Type\":\"Pods\",\"Value\":4,\"PeriodSeconds\":15}]},\"ScaleDown\":null}","autoscaling.alpha.kubernetes.io/conditions":"[{\"type\":\"ScalingActive\",\"status\":\"True\",\"lastTransitionTime\":\"2026-12-01T11:00:00Z\",\"reason\":\"ValidMetricFound\"}]"}""")),
    ];

    [Theory]
    [MemberData(nameof(ServedObjects))]
    public void V1ToV2ToV1_GivesBackTheServedObject(RoundTripCase c)
    {
        var served = Parse(c.Json);

        var v2 = Converter.ToStored(Parse(c.Json));
        var back = Converter.FromStored((JsonObject)v2.DeepClone());

        Assert.Equal("autoscaling/v2", v2["apiVersion"]!.GetValue<string>());
        Assert.Null(v2["metadata"]!["annotations"]?["autoscaling.alpha.kubernetes.io/metrics"]);
        Assert.True(JsonNode.DeepEquals(served, back), $"expected {served.ToJsonString()}\n     got {back.ToJsonString()}");
    }

    [Fact]
    public void FromStored_CpuTargetAndOthers_PutsTheOthersAndTheBehaviorInUpstreamsAnnotations()
    {
        var stored = Parse(V2("{" + Target + ""","maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"512Mi"}}},""" + Cpu50 + """],"behavior":{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15}]}}}""", null));

        var v1 = Converter.FromStored(stored);

        Assert.Equal(50, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        var annotations = v1["metadata"]!["annotations"]!;
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}}]""", annotations[HorizontalPodAutoscalerV1Converter.MetricsAnnotation]!.GetValue<string>());
        Assert.Equal("""{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":null}""", annotations[HorizontalPodAutoscalerV1Converter.BehaviorAnnotation]!.GetValue<string>());
        Assert.Equal("""{"currentReplicas":0,"desiredReplicas":0}""", v1["status"]!.ToJsonString());
    }

    [Fact]
    public void ToStored_NoCpuTarget_DefaultsToCpuAt80Percent_AsUpstream()
    {
        var v2 = Converter.ToStored(Parse(V1("{" + Target + ""","maxReplicas":3}""", null)));

        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]""", v2["spec"]!["metrics"]!.ToJsonString());
    }

    [Fact]
    public void ToStored_AnnotationThatIsNotJson_IsIgnoredAndDropped_AsUpstream()
    {
        var v2 = Converter.ToStored(Parse(V1("{" + Target + ""","maxReplicas":3,"targetCPUUtilizationPercentage":60}""", null, """{"autoscaling.alpha.kubernetes.io/metrics":"not json"}""")));

        Assert.Single(v2["spec"]!["metrics"]!.AsArray());
        Assert.Null(v2["metadata"]!["annotations"]);
    }

    [Fact]
    public void FromProtobuf_KubectlAutoscalesBody_IsTheV1Object()
    {
        // What kubectl 1.32 posts for `kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=80` (its -v=9 dump).
        var body = Convert.FromHexString(
            "6b3873000a290a0e6175746f7363616c" +
            "696e672f76311217486f72697a6f6e74" +
            "616c506f644175746f7363616c657212" +
            "3f0a130a0377656212001a0022002a00" +
            "32003800420012220a1a0a0a4465706c" +
            "6f796d656e7412037765621a07617070" +
            "732f76311002180520501a0418002000" +
            "1a002200");
        var (apiVersion, kind, raw) = Model.Serialization.ProtobufEnvelope.Read(body);

        var obj = Converter.FromProtobuf(raw)!;

        Assert.Equal(("autoscaling/v1", "HorizontalPodAutoscaler"), (apiVersion, kind));
        Assert.Equal(
            """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":80}}""",
            obj.ToJsonString());
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static string V2(string spec, string? status, string? annotations = null) =>
        """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",""" + WithAnnotations(annotations) + ""","spec":""" + spec + (status is null ? "" : ""","status":""" + status) + "}";

    private static string V1(string spec, string? status, string? annotations = null) =>
        """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",""" + WithAnnotations(annotations) + ""","spec":""" + spec + ""","status":""" + (status ?? """{"currentReplicas":0,"desiredReplicas":0}""") + "}";

    private static string WithAnnotations(string? annotations) => annotations is null ? Meta : Meta[..^1] + ""","annotations":""" + annotations + "}";
}
