import { addIcons } from 'ionicons';
import {
  add,
  alertCircleOutline,
  arrowBack,
  attachOutline,
  checkmark,
  checkmarkDone,
  closeCircleOutline,
  cloudOfflineOutline,
  documentOutline,
  downloadOutline,
  refreshOutline,
  send,
  star,
  starOutline,
  timeOutline,
  trashOutline,
} from 'ionicons/icons';

/**
 * Standalone Ionic does not ship every icon: only the ones registered here are
 * bundled, by the names the templates use.
 */
export function registerIcons(): void {
  addIcons({
    add,
    'alert-circle-outline': alertCircleOutline,
    'arrow-back': arrowBack,
    'attach-outline': attachOutline,
    checkmark,
    'checkmark-done': checkmarkDone,
    'close-circle-outline': closeCircleOutline,
    'cloud-offline-outline': cloudOfflineOutline,
    'document-outline': documentOutline,
    'download-outline': downloadOutline,
    'refresh-outline': refreshOutline,
    send,
    star,
    'star-outline': starOutline,
    'time-outline': timeOutline,
    'trash-outline': trashOutline,
  });
}
