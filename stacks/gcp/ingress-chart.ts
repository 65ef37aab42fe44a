// A tiny local Helm chart that renders the Kubernetes objects listed in its values
// (`objects: [...]`): the Gateway, HTTPRoute and GKE policies of the HTTPS ingress.
//
// Why a chart: those objects are custom resources (gateway.networking.k8s.io,
// networking.gke.io), which the kubernetes provider can only create with kubernetes_manifest,
// and kubernetes_manifest needs the API server at plan time: on a first install the cluster
// does not exist yet. helm_release renders at apply time. The chart is static; everything
// deployment-specific (names, hostname, certificate, policies) is in the release's values, so
// it is reviewable in cdk.tf.json. synth writes these files next to cdk.tf.json (see
// stacks/synth.ts, `extraFiles`), where helm_release.chart points.

/** Directory of the chart, relative to the directory terraform runs in. */
export const INGRESS_CHART_DIR = 'charts/braintrust-gke-ingress';

export const INGRESS_CHART_FILES: Readonly<Record<string, string>> = {
  [`${INGRESS_CHART_DIR}/Chart.yaml`]: [
    'apiVersion: v2',
    'name: braintrust-gke-ingress',
    'description: GKE Gateway, HTTPRoute and policies for the Braintrust data plane API (written by braintrust-self-host)',
    'type: application',
    'version: 1.0.0',
    '',
  ].join('\n'),
  [`${INGRESS_CHART_DIR}/values.yaml`]: ['# Set by the braintrust-self-host stack (helm_release values).', 'objects: []', ''].join('\n'),
  [`${INGRESS_CHART_DIR}/templates/objects.yaml`]: [
    '{{- range .Values.objects }}',
    '---',
    '{{ toYaml . }}',
    '{{- end }}',
    '',
  ].join('\n'),
};
