// gcp-ingress: on GCP without `ingress.domain` the API is only on an internal passthrough load
// balancer over plain HTTP (http://<internal IP>:8000). Browsers running the Braintrust web app
// (an https page) cannot call it, so say so, with the fix: an HTTPS GKE Gateway for a domain.
import { ingressMode } from '../../config/ingress-schema.js';
import { needConfig, pass, skip, warn, type DoctorCheck } from '../types.js';

export const gcpIngressCheck: DoctorCheck = {
  id: 'gcp-ingress',
  group: 'local',
  title: 'GCP HTTPS endpoint',
  fix: 'Set ingress.domain and ingress.certificate in braintrust.yaml and run `braintrust install` (README "HTTPS endpoint").',
  async run(dc) {
    const config = needConfig(dc);
    if (config.cloud !== 'gcp') return skip(`not GCP (cloud ${config.cloud})`);
    const mode = ingressMode(config);
    if (!mode) {
      return warn(
        'no ingress.domain: the API is only on an internal load balancer over plain HTTP (http://<internal IP>:8000), which the Braintrust web app (HTTPS, in your users\' browsers) cannot call',
        'Set ingress.domain (e.g. braintrust.example.com) and ingress.certificate ("managed" for a public Google-managed certificate, or ingress.mode: private with your regional certificate), run `braintrust install`, then create the DNS record it prints.',
      );
    }
    return pass(`${mode} HTTPS Gateway for ${config.ingress.domain}`);
  },
};
