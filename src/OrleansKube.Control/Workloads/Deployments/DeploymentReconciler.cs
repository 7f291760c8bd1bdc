using System.Globalization;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Control.Workloads.Deployments;

/// <summary>
/// One pass of the Deployment controller (upstream's syncDeployment): claim ReplicaSets, then — a deleted
/// deployment only reports status; a paused one or a scaling event scales proportionally; otherwise the
/// strategy (<see cref="DeploymentReconciler"/>'s rolling and recreate files) takes one step — and write the
/// status and revision once, if they changed. One step a pass: the ReplicaSets' status changes start the next.
/// </summary>
public sealed partial class DeploymentReconciler(IObjectControl control)
{
    private Deployment _d = null!;
    private List<ReplicaSet> _sets = null!;
    private Func<ReplicaSet, int> _podsOf = null!;
    private DateTimeOffset _now;
    private DateTimeOffset? _requeueAt;

    /// <param name="d">The deployment as stored.</param>
    /// <param name="candidates">ReplicaSets it controls, and orphans it may adopt.</param>
    /// <param name="podsOf">How many pods of a ReplicaSet are not yet Succeeded or Failed (Recreate waits for none).</param>
    /// <param name="now">The simulation clock.</param>
    public async Task<DeploymentSync> SyncAsync(Deployment d, IReadOnlyCollection<ReplicaSet> candidates, Func<ReplicaSet, int> podsOf, DateTimeOffset now)
    {
        _d = d with
        {
            Metadata = d.Metadata with { Annotations = d.Metadata.Annotations is { } a ? new(a, StringComparer.Ordinal) : null },
            // A shallow copy: a pass sets the status's fields and replaces its conditions list, never changes a condition.
            Status = d.Status is null ? new DeploymentStatus() : d.Status with { },
        };
        _podsOf = podsOf;
        _now = now;
        _requeueAt = null;
        _sets = await ClaimAsync(d, candidates);

        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, _) = await GetAllReplicaSetsAsync(create: false);
            SyncStatusOnly(newRs);
        }
        else
        {
            CheckPausedConditions();
            if (d.Spec?.Paused == true || await IsScalingEventAsync())
            {
                await SyncAsync();
            }
            else if (RolloutMath.IsRollingUpdate(d))
            {
                await RolloutRollingAsync();
            }
            else
            {
                await RolloutRecreateAsync();
            }
        }

        var stored = d;
        if (!StatusComparison.Same(d.Status, _d.Status) || !StatusComparison.Same(d.Metadata.Annotations, _d.Metadata.Annotations))
        {
            stored = (Deployment)await control.UpdateStatusAsync(_d);
        }

        return new DeploymentSync(stored, _sets, _requeueAt);
    }

    private Task<List<ReplicaSet>> ClaimAsync(Deployment d, IReadOnlyCollection<ReplicaSet> candidates) =>
        ControllerRefs.ClaimAsync(control, d, LabelSelectors.ToSelector(d.Spec?.Selector), candidates);

    // A paused deployment or a scaling event: scale proportionally, keep history trimmed while paused, report.
    private async Task SyncAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(create: false);
        await ScaleAsync(newRs, oldSets);
        if (_d.Spec?.Paused == true)
        {
            await CleanupAsync(oldSets);
        }

        SyncStatusOnly(newRs);
    }

    private void CheckPausedConditions()
    {
        if (!DeploymentConditions.HasProgressDeadline(_d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }

        var pausedNoted = condition?.Reason == DeploymentConditions.DeploymentPaused;
        if (_d.Spec?.Paused == true && !pausedNoted)
        {
            DeploymentConditions.Set(_d.Status!, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.Unknown, DeploymentConditions.DeploymentPaused, "Deployment is paused", _now));
        }
        else if (_d.Spec?.Paused != true && pausedNoted)
        {
            DeploymentConditions.Set(_d.Status!, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.Unknown, DeploymentConditions.DeploymentResumed, "Deployment is resumed", _now));
        }
    }

    private async Task<bool> IsScalingEventAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(create: false);
        return Active(oldSets.Append(newRs)).Any(rs => DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != RolloutMath.Replicas(_d));
    }

    /// <summary>The ReplicaSet whose template is the deployment's (the oldest, if several), made if asked and missing, with its revision raised above every other; and the others.</summary>
    private async Task<(ReplicaSet? New, List<ReplicaSet> Old)> GetAllReplicaSetsAsync(bool create)
    {
        var existing = ByCreation(_sets).FirstOrDefault(rs => PodTemplateHash.EqualIgnoringHash(rs.Spec?.Template, _d.Spec?.Template));
        var oldSets = _sets.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var newRevision = DeploymentAnnotations.MaxRevision(oldSets) + 1;
        if (existing is not null)
        {
            // Copied only to be changed: most passes find the new set as it should be.
            if (DeploymentAnnotations.NewReplicaSetAnnotationsChange(_d, existing, newRevision) || existing.Spec?.MinReadySeconds != _d.Spec?.MinReadySeconds)
            {
                var copy = existing with { Metadata = existing.Metadata with { }, Spec = existing.Spec! with { } };
                DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, copy, newRevision, exists: true);
                copy.Spec.MinReadySeconds = _d.Spec?.MinReadySeconds;
                existing = Replace(existing, (ReplicaSet)await control.UpdateAsync(copy));
                return (existing, oldSets);
            }

            SetDeploymentRevision(existing.Metadata.Annotations![DeploymentAnnotations.Revision]);
            if (DeploymentConditions.HasProgressDeadline(_d) && DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(_d.Status!, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.True, DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{existing.Metadata.Name}\"", _now));
            }

            return (existing, oldSets);
        }

        return create ? (await CreateNewReplicaSetAsync(oldSets, newRevision), oldSets) : (null, oldSets);
    }

    private async Task<ReplicaSet?> CreateNewReplicaSetAsync(List<ReplicaSet> oldSets, long newRevision)
    {
        var template = PodTemplateHash.WithoutHash(_d.Spec!.Template);
        var hash = PodTemplateHash.Compute(template, _d.Status!.CollisionCount);
        template.Metadata ??= new ObjectMeta();
        template.Metadata.Labels = new(template.Metadata.Labels ?? [], StringComparer.Ordinal) { [PodTemplateHash.Label] = hash };
        var selector = KubeJson.Copy(_d.Spec.Selector ?? new LabelSelector());
        selector.MatchLabels = new(selector.MatchLabels ?? [], StringComparer.Ordinal) { [PodTemplateHash.Label] = hash };
        var name = _d.Metadata.Name + "-" + hash;
        var rs = new ReplicaSet
        {
            ApiVersion = Kinds.ReplicaSet.ApiVersion,
            Kind = Kinds.ReplicaSet.Kind,
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = _d.Metadata.Namespace,
                Labels = new(template.Metadata.Labels, StringComparer.Ordinal),
                OwnerReferences = [ControllerRefs.For(_d)],
            },
            Spec = new ReplicaSetSpec { Replicas = 0, MinReadySeconds = _d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        rs.Spec.Replicas = RolloutMath.NewReplicaSetReplicas(_d, oldSets.Append(rs), rs);
        DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, rs, newRevision, exists: false);

        ReplicaSet created;
        try
        {
            created = (ReplicaSet)await control.CreateAsync(rs);
        }
        catch (Exception e)
        {
            var found = await control.GetAsync(Kinds.ReplicaSet, rs.Metadata.Namespace!, name) as ReplicaSet;
            if (found is not null && ControllerRefs.IsControlledBy(found, _d) && PodTemplateHash.EqualIgnoringHash(found.Spec?.Template, _d.Spec.Template))
            {
                // Created by an earlier pass this view has not caught up with.
                _sets.Add(found);
                return found;
            }

            if (found is not null)
            {
                // Someone else's set of that name: a hash collision; the next pass hashes differently.
                _d.Status.CollisionCount = (_d.Status.CollisionCount ?? 0) + 1;
                return null;
            }

            var message = $"Failed to create new replica set \"{name}\": {e.Message}";
            if (DeploymentConditions.HasProgressDeadline(_d))
            {
                DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.False, DeploymentConditions.ReplicaSetCreateError, message, _now));
            }

            control.RecordEvent(_d, "Warning", DeploymentConditions.ReplicaSetCreateError, message);
            return null;
        }

        _sets.Add(created);
        if (created.Spec!.Replicas > 0)
        {
            control.RecordEvent(_d, "Normal", "ScalingReplicaSet", $"Scaled up replica set {name} to {created.Spec.Replicas}");
        }

        SetDeploymentRevision(newRevision.ToString(CultureInfo.InvariantCulture));
        if (DeploymentConditions.HasProgressDeadline(_d))
        {
            DeploymentConditions.Set(_d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.True, DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{name}\"", _now));
        }

        return created;
    }

    private void SetDeploymentRevision(string revision)
    {
        _d.Metadata.Annotations ??= new(StringComparer.Ordinal);
        _d.Metadata.Annotations[DeploymentAnnotations.Revision] = revision;
    }

    private async Task<bool> ScaleReplicaSetAsync(ReplicaSet rs, int newScale, string? operation = null)
    {
        var oldScale = rs.Spec?.Replicas ?? 0;
        var replicas = RolloutMath.Replicas(_d);
        var max = replicas + RolloutMath.MaxSurge(_d);
        var copy = rs with { Metadata = rs.Metadata with { Annotations = rs.Metadata.Annotations is { } a ? new(a, StringComparer.Ordinal) : null }, Spec = rs.Spec! with { Replicas = newScale } };
        var annotationsChanged = DeploymentAnnotations.SetReplicasAnnotations(copy, replicas, max);
        if (oldScale == newScale && !annotationsChanged)
        {
            return false;
        }

        Replace(rs, (ReplicaSet)await control.UpdateAsync(copy));
        if (oldScale == newScale)
        {
            return false;
        }

        operation ??= oldScale < newScale ? "up" : "down";
        control.RecordEvent(_d, "Normal", "ScalingReplicaSet", $"Scaled {operation} replica set {rs.Metadata.Name} to {newScale} from {oldScale}");
        return true;
    }

    /// <summary>Old ReplicaSets beyond revisionHistoryLimit, oldest revision first, once scaled to nothing.</summary>
    private async Task CleanupAsync(List<ReplicaSet> oldSets)
    {
        if (_d.Spec?.RevisionHistoryLimit is not { } limit)
        {
            return;
        }

        var cleanable = oldSets.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        foreach (var rs in cleanable.OrderBy(DeploymentAnnotations.RevisionOf).ThenBy(rs => rs.Metadata.CreationTimestamp).Take(Math.Max(0, diff)))
        {
            if (rs.Status?.Replicas is > 0 || rs.Spec?.Replicas is > 0 || rs.Metadata.Generation > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            await control.DeleteAsync(rs);
            _sets.Remove(rs);
        }
    }

    private void SyncStatusOnly(ReplicaSet? newRs) => _d.Status = CalculateStatus(newRs);

    /// <summary>syncRolloutStatus: the counts, Available, and Progressing (complete, progressing, or timed out), plus any ReplicaSet's failure.</summary>
    private void SyncRolloutStatus(ReplicaSet? newRs)
    {
        var previous = _d.Status;
        var status = CalculateStatus(newRs);
        var hasDeadline = DeploymentConditions.HasProgressDeadline(_d);
        if (!hasDeadline)
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(previous, DeploymentConditions.Progressing);
        var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        var subject = newRs is null ? $"Deployment \"{_d.Metadata.Name}\"" : $"ReplicaSet \"{newRs.Metadata.Name}\"";
        if (hasDeadline && !complete)
        {
            if (DeploymentConditions.IsComplete(_d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.True, DeploymentConditions.NewReplicaSetAvailable, $"{subject} has successfully progressed.", _now));
            }
            else if (DeploymentConditions.IsProgressing(previous, status))
            {
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.True, DeploymentConditions.ReplicaSetUpdated, $"{subject} is progressing.", _now);
                if (current is not null)
                {
                    if (current.Status == ConditionStatus.True)
                    {
                        condition.LastTransitionTime = current.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (DeploymentConditions.IsTimedOut(_d, previous, _now))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, ConditionStatus.False, DeploymentConditions.ProgressDeadlineExceeded, $"{subject} has timed out progressing.", _now));
            }
        }

        var failure = _sets.Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == ConditionStatus.True)).FirstOrDefault(c => c is not null);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, ConditionStatus.True, failure.Reason ?? "", failure.Message ?? "", _now));
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        _d.Status = status;

        // A stuck rollout is looked at again just after its deadline.
        if (hasDeadline && current is not null && !DeploymentConditions.IsComplete(_d, status) && current.Reason != DeploymentConditions.ProgressDeadlineExceeded
            && DeploymentConditions.Get(status, DeploymentConditions.Progressing)?.LastUpdateTime is { } updated)
        {
            _requeueAt = updated + TimeSpan.FromSeconds(_d.Spec!.ProgressDeadlineSeconds!.Value + 1);
        }
    }

    private DeploymentStatus CalculateStatus(ReplicaSet? newRs)
    {
        var available = _sets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var total = _sets.Sum(rs => rs.Spec?.Replicas ?? 0);
        var status = new DeploymentStatus
        {
            ObservedGeneration = _d.Metadata.Generation,
            Replicas = _sets.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = _sets.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = _d.Status?.CollisionCount,
            Conditions = _d.Status?.Conditions?.ToList(),
        };
        if (available >= RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, ConditionStatus.True, DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", _now));
        }
        else
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, ConditionStatus.False, DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", _now));
        }

        return status;
    }

    private ReplicaSet Replace(ReplicaSet old, ReplicaSet updated)
    {
        var index = _sets.FindIndex(rs => ReferenceEquals(rs, old) || rs.Metadata.Name == old.Metadata.Name);
        if (index >= 0)
        {
            _sets[index] = updated;
        }

        return updated;
    }

    private ReplicaSet Current(ReplicaSet rs) => _sets.FirstOrDefault(s => s.Metadata.Name == rs.Metadata.Name) ?? rs;

    private static IEnumerable<ReplicaSet> Active(IEnumerable<ReplicaSet?> sets) => sets.OfType<ReplicaSet>().Where(rs => rs.Spec?.Replicas is > 0);

    private static IOrderedEnumerable<ReplicaSet> ByCreation(IEnumerable<ReplicaSet> sets) =>
        sets.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal);
}
