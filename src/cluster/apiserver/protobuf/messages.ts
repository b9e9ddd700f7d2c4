// The protobuf messages kubectl's typed clients send, written from the field numbers of
// Kubernetes' generated.proto files (k8s.io/api, k8s.io/apimachinery), trimmed to what the
// `kubectl create …` subcommands and `create job --from=cronjob` produce. Fields not listed
// here are skipped when decoding.
//
// One entry per message: `jsonName=number:type` separated by spaces, where type is
// s (string), i32, i64, b (bool), y (bytes) or a message name; `[]` before the type makes it
// repeated, `{}` a map from string. Suffix `!` keeps a zero value (Go pointer or field
// without omitempty: present on the wire means present in JSON); suffix `^` inlines the
// message's fields into the parent (Go embedded structs such as LocalObjectReference).
// Special messages with a JSON form of their own: Time, Quantity, IntOrString, FieldsV1.

export const MESSAGES: Record<string, string> = {
  // k8s.io/apimachinery
  Unknown: 'typeMeta=1:TypeMeta raw=2:y contentEncoding=3:s contentType=4:s',
  TypeMeta: 'apiVersion=1:s kind=2:s',
  Time: 'seconds=1:i64 nanos=2:i32',
  Quantity: 'string=1:s',
  IntOrString: 'type=1:i64 intVal=2:i32 strVal=3:s',
  FieldsV1: 'Raw=1:y',
  ObjectMeta: 'name=1:s generateName=2:s namespace=3:s selfLink=4:s uid=5:s resourceVersion=6:s generation=7:i64 '
    + 'creationTimestamp=8:Time! deletionTimestamp=9:Time deletionGracePeriodSeconds=10:i64! labels=11:{}s annotations=12:{}s '
    + 'ownerReferences=13:[]OwnerReference finalizers=14:[]s managedFields=17:[]ManagedFieldsEntry',
  OwnerReference: 'kind=1:s! name=3:s! uid=4:s! apiVersion=5:s! controller=6:b! blockOwnerDeletion=7:b!',
  ManagedFieldsEntry: 'manager=1:s operation=2:s apiVersion=3:s time=4:Time fieldsType=6:s fieldsV1=7:FieldsV1 subresource=8:s',
  LabelSelector: 'matchLabels=1:{}s matchExpressions=2:[]LabelSelectorRequirement',
  LabelSelectorRequirement: 'key=1:s! operator=2:s! values=3:[]s',
  Condition: 'type=1:s! status=2:s! observedGeneration=3:i64 lastTransitionTime=4:Time! reason=5:s! message=6:s!',

  // core/v1 kinds
  Namespace: 'metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  NamespaceSpec: 'finalizers=1:[]s',
  NamespaceStatus: 'phase=1:s',
  ConfigMap: 'metadata=1:ObjectMeta data=2:{}s binaryData=3:{}y immutable=4:b!',
  Secret: 'metadata=1:ObjectMeta data=2:{}y type=3:s stringData=4:{}s immutable=5:b!',
  ServiceAccount: 'metadata=1:ObjectMeta secrets=2:[]ObjectReference imagePullSecrets=3:[]LocalObjectReference automountServiceAccountToken=4:b!',
  ObjectReference: 'kind=1:s namespace=2:s name=3:s uid=4:s apiVersion=5:s resourceVersion=6:s fieldPath=7:s',
  LocalObjectReference: 'name=1:s',
  Service: 'metadata=1:ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
  ServiceSpec: 'ports=1:[]ServicePort selector=2:{}s clusterIP=3:s type=4:s externalIPs=5:[]s sessionAffinity=7:s '
    + 'loadBalancerIP=8:s loadBalancerSourceRanges=9:[]s externalName=10:s externalTrafficPolicy=11:s healthCheckNodePort=12:i32 '
    + 'publishNotReadyAddresses=13:b sessionAffinityConfig=14:SessionAffinityConfig ipFamilyPolicy=17:s! clusterIPs=18:[]s '
    + 'ipFamilies=19:[]s allocateLoadBalancerNodePorts=20:b! loadBalancerClass=21:s! internalTrafficPolicy=22:s! trafficDistribution=23:s!',
  ServicePort: 'name=1:s protocol=2:s port=3:i32! targetPort=4:IntOrString nodePort=5:i32 appProtocol=6:s!',
  SessionAffinityConfig: 'clientIP=1:ClientIPConfig',
  ClientIPConfig: 'timeoutSeconds=1:i32!',
  ServiceStatus: 'loadBalancer=1:LoadBalancerStatus conditions=2:[]Condition',
  LoadBalancerStatus: 'ingress=1:[]LoadBalancerIngress',
  LoadBalancerIngress: 'ip=1:s hostname=2:s ipMode=3:s!',
  ResourceQuota: 'metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:{}Quantity scopes=2:[]s scopeSelector=3:ScopeSelector',
  ResourceQuotaStatus: 'hard=1:{}Quantity used=2:{}Quantity',
  ScopeSelector: 'matchExpressions=1:[]ScopedResourceSelectorRequirement',
  ScopedResourceSelectorRequirement: 'scopeName=1:s! operator=2:s! values=3:[]s',

  // core/v1 pod template; a Pod itself is POSTed by `kubectl debug node/…` (status never sent)
  Pod: 'metadata=1:ObjectMeta spec=2:PodSpec',
  PodTemplateSpec: 'metadata=1:ObjectMeta spec=2:PodSpec',
  PodSpec: 'volumes=1:[]Volume containers=2:[]Container restartPolicy=3:s terminationGracePeriodSeconds=4:i64! '
    + 'activeDeadlineSeconds=5:i64! dnsPolicy=6:s nodeSelector=7:{}s serviceAccountName=8:s serviceAccount=9:s nodeName=10:s '
    + 'hostNetwork=11:b hostPID=12:b hostIPC=13:b securityContext=14:PodSecurityContext imagePullSecrets=15:[]LocalObjectReference '
    + 'hostname=16:s subdomain=17:s affinity=18:Affinity schedulerName=19:s initContainers=20:[]Container '
    + 'automountServiceAccountToken=21:b! tolerations=22:[]Toleration hostAliases=23:[]HostAlias priorityClassName=24:s '
    + 'priority=25:i32! dnsConfig=26:PodDNSConfig shareProcessNamespace=27:b! readinessGates=28:[]PodReadinessGate '
    + 'runtimeClassName=29:s! enableServiceLinks=30:b! preemptionPolicy=31:s! overhead=32:{}Quantity '
    + 'topologySpreadConstraints=33:[]TopologySpreadConstraint setHostnameAsFQDN=35:b! os=36:PodOS hostUsers=37:b! '
    + 'schedulingGates=38:[]PodSchedulingGate resourceClaims=39:[]PodResourceClaim resources=40:ResourceRequirements',
  Container: 'name=1:s! image=2:s command=3:[]s args=4:[]s workingDir=5:s ports=6:[]ContainerPort env=7:[]EnvVar '
    + 'resources=8:ResourceRequirements volumeMounts=9:[]VolumeMount livenessProbe=10:Probe readinessProbe=11:Probe '
    + 'lifecycle=12:Lifecycle terminationMessagePath=13:s imagePullPolicy=14:s securityContext=15:SecurityContext '
    + 'stdin=16:b stdinOnce=17:b tty=18:b envFrom=19:[]EnvFromSource terminationMessagePolicy=20:s '
    + 'volumeDevices=21:[]VolumeDevice startupProbe=22:Probe resizePolicy=23:[]ContainerResizePolicy restartPolicy=24:s!',
  ContainerPort: 'name=1:s hostPort=2:i32 containerPort=3:i32! protocol=4:s hostIP=5:s',
  EnvVar: 'name=1:s! value=2:s valueFrom=3:EnvVarSource',
  EnvVarSource: 'fieldRef=1:ObjectFieldSelector resourceFieldRef=2:ResourceFieldSelector configMapKeyRef=3:ConfigMapKeySelector secretKeyRef=4:SecretKeySelector',
  ObjectFieldSelector: 'apiVersion=1:s fieldPath=2:s!',
  ResourceFieldSelector: 'containerName=1:s resource=2:s! divisor=3:Quantity',
  ConfigMapKeySelector: 'localObjectReference=1:LocalObjectReference^ key=2:s! optional=3:b!',
  SecretKeySelector: 'localObjectReference=1:LocalObjectReference^ key=2:s! optional=3:b!',
  EnvFromSource: 'prefix=1:s configMapRef=2:ConfigMapEnvSource secretRef=3:SecretEnvSource',
  ConfigMapEnvSource: 'localObjectReference=1:LocalObjectReference^ optional=2:b!',
  SecretEnvSource: 'localObjectReference=1:LocalObjectReference^ optional=2:b!',
  ResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity claims=3:[]ResourceClaim',
  ResourceClaim: 'name=1:s! request=2:s',
  VolumeMount: 'name=1:s! readOnly=2:b mountPath=3:s! subPath=4:s mountPropagation=5:s! subPathExpr=6:s recursiveReadOnly=7:s!',
  VolumeDevice: 'name=1:s! devicePath=2:s!',
  ContainerResizePolicy: 'resourceName=1:s! restartPolicy=2:s!',
  Probe: 'handler=1:ProbeHandler^ initialDelaySeconds=2:i32 timeoutSeconds=3:i32 periodSeconds=4:i32 successThreshold=5:i32 '
    + 'failureThreshold=6:i32 terminationGracePeriodSeconds=7:i64!',
  ProbeHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction grpc=4:GRPCAction',
  LifecycleHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction sleep=4:SleepAction',
  Lifecycle: 'postStart=1:LifecycleHandler preStop=2:LifecycleHandler stopSignal=3:s!',
  ExecAction: 'command=1:[]s',
  HTTPGetAction: 'path=1:s port=2:IntOrString host=3:s scheme=4:s httpHeaders=5:[]HTTPHeader',
  HTTPHeader: 'name=1:s! value=2:s!',
  TCPSocketAction: 'port=1:IntOrString host=2:s',
  GRPCAction: 'port=1:i32! service=2:s!',
  SleepAction: 'seconds=1:i64!',
  SecurityContext: 'capabilities=1:Capabilities privileged=2:b! seLinuxOptions=3:SELinuxOptions runAsUser=4:i64! runAsNonRoot=5:b! '
    + 'readOnlyRootFilesystem=6:b! allowPrivilegeEscalation=7:b! runAsGroup=8:i64! procMount=9:s! '
    + 'windowsOptions=10:WindowsSecurityContextOptions seccompProfile=11:SeccompProfile appArmorProfile=12:AppArmorProfile',
  PodSecurityContext: 'seLinuxOptions=1:SELinuxOptions runAsUser=2:i64! runAsNonRoot=3:b! supplementalGroups=4:[]i64 fsGroup=5:i64! '
    + 'runAsGroup=6:i64! sysctls=7:[]Sysctl windowsOptions=8:WindowsSecurityContextOptions fsGroupChangePolicy=9:s! '
    + 'seccompProfile=10:SeccompProfile appArmorProfile=11:AppArmorProfile supplementalGroupsPolicy=12:s! seLinuxChangePolicy=13:s!',
  Capabilities: 'add=1:[]s drop=2:[]s',
  SELinuxOptions: 'user=1:s role=2:s type=3:s level=4:s',
  WindowsSecurityContextOptions: 'gmsaCredentialSpecName=1:s! gmsaCredentialSpec=2:s! runAsUserName=3:s! hostProcess=4:b!',
  SeccompProfile: 'type=1:s! localhostProfile=2:s!',
  AppArmorProfile: 'type=1:s! localhostProfile=2:s!',
  Sysctl: 'name=1:s! value=2:s!',
  Toleration: 'key=1:s operator=2:s value=3:s effect=4:s tolerationSeconds=5:i64!',
  HostAlias: 'ip=1:s! hostnames=2:[]s',
  PodDNSConfig: 'nameservers=1:[]s searches=2:[]s options=3:[]PodDNSConfigOption',
  PodDNSConfigOption: 'name=1:s value=2:s!',
  PodReadinessGate: 'conditionType=1:s!',
  PodSchedulingGate: 'name=1:s!',
  PodOS: 'name=1:s!',
  PodResourceClaim: 'name=1:s! resourceClaimName=3:s! resourceClaimTemplateName=4:s!',
  TopologySpreadConstraint: 'maxSkew=1:i32! topologyKey=2:s! whenUnsatisfiable=3:s! labelSelector=4:LabelSelector minDomains=5:i32! '
    + 'nodeAffinityPolicy=6:s! nodeTaintsPolicy=7:s! matchLabelKeys=8:[]s',
  Affinity: 'nodeAffinity=1:NodeAffinity podAffinity=2:PodAffinity podAntiAffinity=3:PodAffinity',
  NodeAffinity: 'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector preferredDuringSchedulingIgnoredDuringExecution=2:[]PreferredSchedulingTerm',
  NodeSelector: 'nodeSelectorTerms=1:[]NodeSelectorTerm',
  NodeSelectorTerm: 'matchExpressions=1:[]NodeSelectorRequirement matchFields=2:[]NodeSelectorRequirement',
  NodeSelectorRequirement: 'key=1:s! operator=2:s! values=3:[]s',
  PreferredSchedulingTerm: 'weight=1:i32! preference=2:NodeSelectorTerm',
  PodAffinity: 'requiredDuringSchedulingIgnoredDuringExecution=1:[]PodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution=2:[]WeightedPodAffinityTerm',
  PodAffinityTerm: 'labelSelector=1:LabelSelector namespaces=2:[]s topologyKey=3:s! namespaceSelector=4:LabelSelector matchLabelKeys=5:[]s mismatchLabelKeys=6:[]s',
  WeightedPodAffinityTerm: 'weight=1:i32! podAffinityTerm=2:PodAffinityTerm',
  Volume: 'name=1:s! volumeSource=2:VolumeSource^',
  VolumeSource: 'hostPath=1:HostPathVolumeSource emptyDir=2:EmptyDirVolumeSource secret=6:SecretVolumeSource nfs=7:NFSVolumeSource '
    + 'persistentVolumeClaim=10:PersistentVolumeClaimVolumeSource downwardAPI=16:DownwardAPIVolumeSource configMap=19:ConfigMapVolumeSource '
    + 'projected=26:ProjectedVolumeSource csi=28:CSIVolumeSource ephemeral=29:EphemeralVolumeSource image=30:ImageVolumeSource',
  ImageVolumeSource: 'reference=1:s pullPolicy=2:s',
  EphemeralVolumeSource: 'volumeClaimTemplate=1:PersistentVolumeClaimTemplate',
  PersistentVolumeClaimTemplate: 'metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec',
  PersistentVolumeClaimSpec: 'accessModes=1:[]s resources=2:VolumeResourceRequirements volumeName=3:s selector=4:LabelSelector '
    + 'storageClassName=5:s! volumeMode=6:s! dataSource=7:TypedLocalObjectReference dataSourceRef=8:TypedObjectReference volumeAttributesClassName=9:s!',
  VolumeResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity',
  TypedObjectReference: 'apiGroup=1:s! kind=2:s! name=3:s! namespace=4:s!',
  HostPathVolumeSource: 'path=1:s! type=2:s!',
  EmptyDirVolumeSource: 'medium=1:s sizeLimit=2:Quantity',
  SecretVolumeSource: 'secretName=1:s items=2:[]KeyToPath defaultMode=3:i32! optional=4:b!',
  NFSVolumeSource: 'server=1:s! path=2:s! readOnly=3:b',
  PersistentVolumeClaimVolumeSource: 'claimName=1:s! readOnly=2:b',
  DownwardAPIVolumeSource: 'items=1:[]DownwardAPIVolumeFile defaultMode=2:i32!',
  DownwardAPIVolumeFile: 'path=1:s! fieldRef=2:ObjectFieldSelector resourceFieldRef=3:ResourceFieldSelector mode=4:i32!',
  ConfigMapVolumeSource: 'localObjectReference=1:LocalObjectReference^ items=2:[]KeyToPath defaultMode=3:i32! optional=4:b!',
  KeyToPath: 'key=1:s! path=2:s! mode=3:i32!',
  ProjectedVolumeSource: 'sources=1:[]VolumeProjection defaultMode=2:i32!',
  VolumeProjection: 'secret=1:SecretProjection downwardAPI=2:DownwardAPIProjection configMap=3:ConfigMapProjection serviceAccountToken=4:ServiceAccountTokenProjection',
  SecretProjection: 'localObjectReference=1:LocalObjectReference^ items=2:[]KeyToPath optional=4:b!',
  ConfigMapProjection: 'localObjectReference=1:LocalObjectReference^ items=2:[]KeyToPath optional=4:b!',
  DownwardAPIProjection: 'items=1:[]DownwardAPIVolumeFile',
  ServiceAccountTokenProjection: 'audience=1:s expirationSeconds=2:i64! path=3:s!',
  CSIVolumeSource: 'driver=1:s! readOnly=2:b! fsType=3:s! volumeAttributes=4:{}s nodePublishSecretRef=5:LocalObjectReference',

  // apps/v1
  Deployment: 'metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus',
  DeploymentSpec: 'replicas=1:i32! selector=2:LabelSelector template=3:PodTemplateSpec strategy=4:DeploymentStrategy '
    + 'minReadySeconds=5:i32 revisionHistoryLimit=6:i32! paused=7:b progressDeadlineSeconds=9:i32!',
  DeploymentStrategy: 'type=1:s rollingUpdate=2:RollingUpdateDeployment',
  RollingUpdateDeployment: 'maxUnavailable=1:IntOrString maxSurge=2:IntOrString',
  DeploymentStatus: 'observedGeneration=1:i64 replicas=2:i32 updatedReplicas=3:i32 availableReplicas=4:i32 unavailableReplicas=5:i32 readyReplicas=7:i32',

  // batch/v1
  Job: 'metadata=1:ObjectMeta spec=2:JobSpec status=3:JobStatus',
  JobSpec: 'parallelism=1:i32! completions=2:i32! activeDeadlineSeconds=3:i64! selector=4:LabelSelector manualSelector=5:b! '
    + 'template=6:PodTemplateSpec backoffLimit=7:i32! ttlSecondsAfterFinished=8:i32! completionMode=9:s! suspend=10:b! '
    + 'podFailurePolicy=11:PodFailurePolicy backoffLimitPerIndex=12:i32! maxFailedIndexes=13:i32! podReplacementPolicy=14:s! '
    + 'managedBy=15:s! successPolicy=16:SuccessPolicy',
  PodFailurePolicy: 'rules=1:[]PodFailurePolicyRule',
  PodFailurePolicyRule: 'action=1:s! onExitCodes=2:PodFailurePolicyOnExitCodesRequirement onPodConditions=3:[]PodFailurePolicyOnPodConditionsPattern',
  PodFailurePolicyOnExitCodesRequirement: 'containerName=1:s! operator=2:s! values=3:[]i32',
  PodFailurePolicyOnPodConditionsPattern: 'type=1:s! status=2:s',
  SuccessPolicy: 'rules=1:[]SuccessPolicyRule',
  SuccessPolicyRule: 'succeededIndexes=1:s! succeededCount=2:i32!',
  JobStatus: 'startTime=2:Time completionTime=3:Time active=4:i32 succeeded=5:i32 failed=6:i32 ready=9:i32!',
  CronJob: 'metadata=1:ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus',
  CronJobSpec: 'schedule=1:s! startingDeadlineSeconds=2:i64! concurrencyPolicy=3:s suspend=4:b! jobTemplate=5:JobTemplateSpec '
    + 'successfulJobsHistoryLimit=6:i32! failedJobsHistoryLimit=7:i32! timeZone=8:s!',
  CronJobStatus: 'active=1:[]ObjectReference lastScheduleTime=4:Time lastSuccessfulTime=5:Time',
  JobTemplateSpec: 'metadata=1:ObjectMeta spec=2:JobSpec',

  // networking.k8s.io/v1
  Ingress: 'metadata=1:ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
  IngressSpec: 'defaultBackend=1:IngressBackend tls=2:[]IngressTLS rules=3:[]IngressRule ingressClassName=4:s!',
  IngressTLS: 'hosts=1:[]s secretName=2:s',
  IngressRule: 'host=1:s ingressRuleValue=2:IngressRuleValue^',
  IngressRuleValue: 'http=1:HTTPIngressRuleValue',
  HTTPIngressRuleValue: 'paths=1:[]HTTPIngressPath',
  HTTPIngressPath: 'path=1:s backend=2:IngressBackend pathType=3:s!',
  IngressBackend: 'resource=3:TypedLocalObjectReference service=4:IngressServiceBackend',
  IngressServiceBackend: 'name=1:s! port=2:ServiceBackendPort',
  ServiceBackendPort: 'name=1:s number=2:i32',
  TypedLocalObjectReference: 'apiGroup=1:s! kind=2:s! name=3:s!',
  IngressStatus: 'loadBalancer=1:IngressLoadBalancerStatus',
  IngressLoadBalancerStatus: 'ingress=1:[]IngressLoadBalancerIngress',
  IngressLoadBalancerIngress: 'ip=1:s hostname=2:s',

  // rbac.authorization.k8s.io/v1
  Role: 'metadata=1:ObjectMeta rules=2:[]PolicyRule',
  ClusterRole: 'metadata=1:ObjectMeta rules=2:[]PolicyRule aggregationRule=3:AggregationRule',
  AggregationRule: 'clusterRoleSelectors=1:[]LabelSelector',
  PolicyRule: 'verbs=1:[]s apiGroups=2:[]s resources=3:[]s resourceNames=4:[]s nonResourceURLs=5:[]s',
  RoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  ClusterRoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  Subject: 'kind=1:s! apiGroup=2:s name=3:s! namespace=4:s',
  RoleRef: 'apiGroup=1:s! kind=2:s! name=3:s!',

  // autoscaling/v1 and autoscaling/v2 (`kubectl autoscale`); status is never sent on create
  HorizontalPodAutoscalerV1: 'metadata=1:ObjectMeta spec=2:HorizontalPodAutoscalerSpecV1',
  HorizontalPodAutoscalerSpecV1: 'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32! maxReplicas=3:i32! '
    + 'targetCPUUtilizationPercentage=4:i32!',
  CrossVersionObjectReference: 'kind=1:s! name=2:s! apiVersion=3:s',
  HorizontalPodAutoscalerV2: 'metadata=1:ObjectMeta spec=2:HorizontalPodAutoscalerSpecV2',
  HorizontalPodAutoscalerSpecV2: 'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32! maxReplicas=3:i32! '
    + 'metrics=4:[]MetricSpec behavior=5:HorizontalPodAutoscalerBehavior',
  MetricSpec: 'type=1:s! object=2:ObjectMetricSource pods=3:PodsMetricSource resource=4:ResourceMetricSource '
    + 'external=5:ExternalMetricSource containerResource=7:ContainerResourceMetricSource',
  ObjectMetricSource: 'describedObject=1:CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier',
  PodsMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  ResourceMetricSource: 'name=1:s! target=2:MetricTarget',
  ContainerResourceMetricSource: 'name=1:s! target=2:MetricTarget container=3:s!',
  ExternalMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  MetricIdentifier: 'name=1:s! selector=2:LabelSelector',
  MetricTarget: 'type=1:s! value=2:Quantity averageValue=3:Quantity averageUtilization=4:i32!',
  HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules scaleDown=2:HPAScalingRules',
  HPAScalingRules: 'selectPolicy=1:s! policies=2:[]HPAScalingPolicy stabilizationWindowSeconds=3:i32! tolerance=4:Quantity',
  HPAScalingPolicy: 'type=1:s! value=2:i32! periodSeconds=3:i32!',

  // authorization.k8s.io/v1 and authentication.k8s.io/v1 reviews (`kubectl auth can-i|whoami`)
  SelfSubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectAccessReviewSpec',
  SelfSubjectAccessReviewSpec: 'resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes',
  ResourceAttributes: 'namespace=1:s verb=2:s group=3:s version=4:s resource=5:s subresource=6:s name=7:s '
    + 'fieldSelector=8:SelectorAttributes labelSelector=9:SelectorAttributes',
  SelectorAttributes: 'rawSelector=1:s requirements=2:[]LabelSelectorRequirement',
  NonResourceAttributes: 'path=1:s verb=2:s',
  SelfSubjectRulesReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectRulesReviewSpec',
  SelfSubjectRulesReviewSpec: 'namespace=1:s',
  SelfSubjectReview: 'metadata=1:ObjectMeta',

  // scheduling.k8s.io/v1, policy/v1, authentication.k8s.io/v1
  PriorityClass: 'metadata=1:ObjectMeta value=2:i32! globalDefault=3:b description=4:s preemptionPolicy=5:s!',
  PodDisruptionBudget: 'metadata=1:ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  PodDisruptionBudgetSpec: 'minAvailable=1:IntOrString selector=2:LabelSelector maxUnavailable=3:IntOrString unhealthyPodEvictionPolicy=4:s!',
  PodDisruptionBudgetStatus: 'observedGeneration=1:i64 disruptionsAllowed=3:i32! currentHealthy=4:i32! desiredHealthy=5:i32! expectedPods=6:i32! conditions=7:[]Condition',
  TokenRequest: 'metadata=1:ObjectMeta spec=2:TokenRequestSpec status=3:TokenRequestStatus',
  TokenRequestSpec: 'audiences=1:[]s boundObjectRef=3:BoundObjectReference expirationSeconds=4:i64!',
  BoundObjectReference: 'kind=1:s apiVersion=2:s name=3:s uid=4:s',
  TokenRequestStatus: 'token=1:s! expirationTimestamp=2:Time!',
};

/** The message for each group/version kind kubectl may POST as protobuf. */
export const KINDS: Record<string, string> = {
  'v1/Namespace': 'Namespace', 'v1/ConfigMap': 'ConfigMap', 'v1/Secret': 'Secret', 'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service', 'v1/Pod': 'Pod', 'v1/ResourceQuota': 'ResourceQuota',
  'apps/v1/Deployment': 'Deployment',
  'batch/v1/Job': 'Job', 'batch/v1/CronJob': 'CronJob',
  'networking.k8s.io/v1/Ingress': 'Ingress',
  'rbac.authorization.k8s.io/v1/Role': 'Role', 'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  'autoscaling/v2/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV2',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
};
