export {run} from './not-yet.js';
